package dev.affix.image;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import javax.imageio.stream.FileImageOutputStream;

/**
 * A file an ImageIO writer writes to directly (seekable, no cache file, nothing held in memory) that
 * stops the write once its thread is interrupted: at a deadline, {@link TimedImageReads} interrupts
 * the worker, and the JDK's writers ignore interrupts (the JPEG writer runs in native code and writes
 * through this stream in small buffers).
 */
final class InterruptibleFileOutput extends FileImageOutputStream {

    InterruptibleFileOutput(File file) throws IOException {
        super(file);
    }

    @Override
    public void write(int b) throws IOException {
        stopIfInterrupted();
        super.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        stopIfInterrupted();
        super.write(b, off, len);
    }

    private static void stopIfInterrupted() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("the write was stopped: its time limit has passed");
        }
    }
}

package dev.affix.image;

import dev.affix.AffixException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads images on worker threads, each read with a deadline ({@code analysis.image_timeout} for the
 * analyzers, the request's time limit for the {@code java} variant processor, whose work includes the
 * transformation and the write).
 *
 * <p>Why another thread: ImageIO's decoders are synchronous and ignore interrupts (the JPEG decoder
 * runs in native code), and a thread cannot be killed, so the caller waits on a worker and gives up
 * on it at the deadline. At the deadline the read is stopped by every means ImageIO offers:
 * {@link javax.imageio.ImageReader#abort()}, which readers check between rows and tiles; the file
 * closed under the reader, so its next read throws; and an interrupt, which ends the EXIF read (an
 * interruptible channel) and any wait. A decoder that ignores all three is abandoned: its memory was
 * bounded before it started (the pixel limit, checked from the header, and the subsampled
 * destination), and its thread is a daemon, so it never keeps the JVM up. A child process would be
 * the only hard stop, at the price of a JVM start per file.
 *
 * <p>The workers are a cached pool of daemon threads: handing a read to an idle worker costs
 * microseconds where starting a thread costs a fraction of a millisecond, a worker stuck in a decoder
 * keeps only itself busy (the pool starts another thread for the next read, it has no bound and no
 * queue), and idle workers end after {@value #IDLE_SECONDS} seconds, so nothing needs closing.
 */
final class TimedImageReads {

    private static final long IDLE_SECONDS = 30;

    private final ImageReaders readers;
    private final String timeoutName;
    private final ExecutorService workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
            new SynchronousQueue<>(), TimedImageReads::worker);

    /** @param timeoutName what the deadline is called in the timeout's message, e.g. {@code analysis.image_timeout} */
    TimedImageReads(ImageReaders readers, String timeoutName) {
        this.readers = readers;
        this.timeoutName = timeoutName;
    }

    /** What is read from an opened image. */
    @FunctionalInterface
    interface ImageWork<T> {
        T read(OpenImage image) throws IOException;
    }

    /** Opens the file with its format's reader and runs {@code work} on it, within {@code timeout}. */
    <T> T read(Path file, ImageFormat format, Duration timeout, ImageWork<T> work) throws IOException {
        AtomicReference<OpenImage> opened = new AtomicReference<>();
        FutureTask<T> task = new FutureTask<>(() -> {
            try (OpenImage image = readers.open(file, format)) {
                opened.set(image);
                return work.read(image);
            }
        });
        workers.execute(task);
        try {
            return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            stop(task, opened);
            throw new ImageTimeoutException("reading the " + format + " image took longer than " + timeoutName + " ("
                    + timeout.toMillis() + " ms); the read was aborted");
        } catch (InterruptedException e) {
            stop(task, opened);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading a " + format + " image");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof AffixException refusal) {
                // the work's own verdict (a limit it checked), not a reader's failure
                throw refusal;
            }
            // readers meet corrupt data with runtime exceptions (and a forged header with an
            // allocation that fails): for the caller they all mean the bytes could not be read
            throw new UnreadableImageException("the " + format + " reader failed on these bytes: " + cause, cause);
        }
    }

    private static Thread worker(Runnable work) {
        Thread thread = new Thread(work, "affix-image-read");
        thread.setDaemon(true);
        return thread;
    }

    private static void stop(FutureTask<?> task, AtomicReference<OpenImage> opened) {
        task.cancel(true);
        OpenImage image = opened.get();
        if (image != null) {
            image.abort();
        }
    }
}

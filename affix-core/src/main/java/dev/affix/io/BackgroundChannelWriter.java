package dev.affix.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Writes buffers to a channel on a second thread, so that the caller reads and digests the next
 * buffer while the previous one is written: on a large upload the checksum and the write then cost
 * the time of the slower of the two, not their sum. Memory stays bounded by the buffer pool.
 *
 * <p>Use: take a {@link #buffer()}, fill it, hand it to {@link #write}; then {@link #finish()}. A
 * write failure surfaces at the caller's next call. {@link #close()} stops the thread on any path.
 */
public final class BackgroundChannelWriter implements AutoCloseable {

    private record Chunk(byte[] buffer, int length) {
    }

    private static final Chunk END = new Chunk(new byte[0], 0);

    private final WritableByteChannel channel;
    private final BlockingQueue<byte[]> free;
    private final BlockingQueue<Chunk> pending;
    private final Thread thread;
    private volatile IOException failure;

    public BackgroundChannelWriter(WritableByteChannel channel, int buffers, int bufferSize, String threadName) {
        this.channel = channel;
        this.free = new LinkedBlockingQueue<>();
        this.pending = new ArrayBlockingQueue<>(buffers + 1);
        for (int i = 0; i < buffers; i++) {
            free.add(new byte[bufferSize]);
        }
        this.thread = new Thread(this::drain, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** A buffer to fill, waiting until the writer has released one. */
    public byte[] buffer() throws IOException {
        throwIfFailed();
        try {
            byte[] buffer = free.take();
            throwIfFailed();
            return buffer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the writer");
        }
    }

    /** Queues the first {@code length} bytes of a buffer from {@link #buffer()} to be written in order. */
    public void write(byte[] buffer, int length) throws IOException {
        enqueue(new Chunk(buffer, length));
    }

    /** Returns a buffer that was taken but not filled, or adds one of the caller's own to the pool. */
    public void recycle(byte[] buffer) {
        free.offer(buffer);
    }

    /** Waits until everything queued is written; rethrows a write failure. */
    public void finish() throws IOException {
        enqueue(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the writer");
        }
        throwIfFailed();
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(Chunk chunk) throws IOException {
        throwIfFailed();
        try {
            pending.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while queueing a write");
        }
    }

    private void throwIfFailed() throws IOException {
        IOException e = failure;
        if (e != null) {
            throw new IOException("background write failed: " + e.getMessage(), e);
        }
    }

    private void drain() {
        try {
            while (true) {
                Chunk chunk = pending.take();
                if (chunk == END) {
                    return;
                }
                ByteBuffer bytes = ByteBuffer.wrap(chunk.buffer(), 0, chunk.length());
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                free.put(chunk.buffer());
            }
        } catch (IOException e) {
            failure = e;
            free.offer(new byte[0]);
        } catch (InterruptedException e) {
            // closed by the caller: stop writing
        }
    }
}

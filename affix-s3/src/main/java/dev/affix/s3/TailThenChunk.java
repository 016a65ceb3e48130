package dev.affix.s3;

import dev.affix.storage.ResumableChunk;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of one request of a resumable upload: the bytes held back in its tail object (none if
 * there is no tail), then the next bytes of the client's chunk, {@code length} in all. Closing it
 * closes the tail's download, never the chunk, which the request goes on reading.
 */
final class TailThenChunk extends InputStream {

    private final InputStream tail;
    private final ResumableChunk chunk;
    private final long length;
    private long remaining;
    private boolean tailEnded;

    /** @param tail the tail object's bytes, or null when there is none */
    TailThenChunk(InputStream tail, ResumableChunk chunk, long length) {
        this.tail = tail;
        this.chunk = chunk;
        this.length = length;
        this.remaining = length;
        this.tailEnded = tail == null;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        int wanted = (int) Math.min(length, remaining);
        int n = -1;
        if (!tailEnded) {
            n = tail.read(buffer, offset, wanted);
            tailEnded = n < 0;
        }
        if (tailEnded) {
            n = chunk.read(buffer, offset, wanted);
        }
        if (n < 0) {
            throw new IOException("the bytes ran out " + remaining + " bytes before the end of the part");
        }
        remaining -= n;
        return n;
    }

    /** How many bytes have been read. */
    long bytesRead() {
        return length - remaining;
    }

    @Override
    public void close() throws IOException {
        if (tail != null) {
            tail.close();
        }
    }
}

package dev.affix.tool;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A tool's stdout that fails, rather than ends, once more than the allowed bytes arrive. */
final class CappedInputStream extends FilterInputStream {

    /** Thrown to the reader when the tool writes past its limit; the run reports it as a {@link ToolException}. */
    static final class LimitExceeded extends IOException {
        LimitExceeded(long limit) {
            super("more than " + limit + " bytes on stdout");
        }
    }

    private final long limit;
    private long count;
    private boolean exceeded;

    CappedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        // ask for one byte past the limit at most, to tell "exactly at the limit" from "beyond it"
        int n = in.read(buffer, offset, (int) Math.min(length, Math.max(1, limit - count + 1)));
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        counted(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) throws LimitExceeded {
        count += n;
        if (count > limit) {
            exceeded = true;
            throw new LimitExceeded(limit);
        }
    }
}

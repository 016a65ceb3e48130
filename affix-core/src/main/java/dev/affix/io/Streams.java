package dev.affix.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Stream copying with a buffer large enough that system calls, not Java, set the pace. */
public final class Streams {

    public static final int BUFFER_SIZE = 256 * 1024;

    private Streams() {
    }

    /** Reads until the buffer is full or the stream ends; returns the number of bytes read (0 at the end). */
    public static int readFully(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    /** Copies everything from {@code in} to {@code out}; closes neither. Returns the number of bytes copied. */
    public static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }
}

package dev.affix.tool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a tool's stderr on a thread of its own, so the tool never blocks on a full pipe, keeping
 * only its last bytes: the end of the output is where tools explain why they failed.
 */
final class StderrTail implements Runnable {

    private final InputStream stderr;
    private final byte[] ring;
    private long written;

    StderrTail(InputStream stderr, int capacity) {
        this.stderr = stderr;
        this.ring = new byte[capacity];
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (stderr) {
            int n;
            while ((n = stderr.read(buffer)) >= 0) {
                append(buffer, n);
            }
        } catch (IOException e) {
            // the stream closes under us when the process is killed: what was read so far is the tail
        }
    }

    private synchronized void append(byte[] buffer, int length) {
        for (int i = 0; i < length; i++) {
            ring[(int) (written++ % ring.length)] = buffer[i];
        }
    }

    /** The last bytes written so far, decoded as UTF-8 (a character cut at the start shows as a replacement). */
    synchronized String text() {
        int size = (int) Math.min(written, ring.length);
        byte[] tail = new byte[size];
        int start = (int) ((written - size) % ring.length);
        for (int i = 0; i < size; i++) {
            tail[i] = ring[(start + i) % ring.length];
        }
        return new String(tail, StandardCharsets.UTF_8);
    }
}

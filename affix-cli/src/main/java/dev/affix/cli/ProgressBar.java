package dev.affix.cli;

import java.io.PrintWriter;

/**
 * A progress bar redrawn in place on standard error, for long commands run on a terminal; when
 * standard error goes elsewhere (a file, a pipe, a test), it draws nothing.
 */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean drawn;
    private final long total;
    private final String unit;
    private long done;
    private long lastDrawn;

    ProgressBar(PrintWriter err, boolean terminal, long total, String unit) {
        this.err = err;
        this.drawn = terminal;
        this.total = total;
        this.unit = unit;
    }

    /** One more item done; redraws at most ten times a second. */
    void step() {
        done++;
        long now = System.nanoTime();
        if (drawn && (now - lastDrawn >= REDRAW_NANOS || done == total)) {
            lastDrawn = now;
            draw();
        }
    }

    /** A line of its own, above the bar. */
    void println(String line) {
        if (drawn) {
            err.print("\r" + " ".repeat(WIDTH + 40) + "\r");
        }
        err.println(line);
        if (drawn) {
            draw();
        }
        err.flush();
    }

    /** Leaves the finished bar on its own line. */
    void finish() {
        if (drawn) {
            draw();
            err.println();
            err.flush();
        }
    }

    private void draw() {
        long shown = Math.min(done, Math.max(total, 1));
        int filled = total == 0 ? WIDTH : (int) (WIDTH * shown / total);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + unit);
        err.flush();
    }
}

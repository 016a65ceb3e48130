package dev.affix.cli;

import java.io.PrintWriter;

/**
 * A progress bar redrawn in place on standard error, with the rate and the time left, for long
 * commands run on a terminal; when standard error goes elsewhere (a file, a pipe, a test), it draws
 * nothing.
 */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean drawn;
    private final long total;
    private final String unit;
    private final long started = System.nanoTime();
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

    /** A line of its own on standard error, above the bar. */
    void println(String line) {
        above(() -> err.println(line));
    }

    /** Runs {@code printing} (a line on standard output, say) with the bar cleared, then draws the bar again. */
    void above(Runnable printing) {
        if (drawn) {
            err.print("\r" + " ".repeat(WIDTH + 60) + "\r");
            err.flush();
        }
        printing.run();
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
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        double rate = done / seconds;
        String left = rate > 0 && total > done ? ", " + duration((long) Math.ceil((total - done) / rate)) + " left" : "";
        err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + unit
                + String.format(" (%.1f/s%s)", rate, left));
        err.flush();
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format("%02ds", seconds % 60);
        }
        return seconds / 3600 + "h" + String.format("%02dm", seconds % 3600 / 60);
    }
}

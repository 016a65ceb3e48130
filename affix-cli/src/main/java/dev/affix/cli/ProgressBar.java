package dev.affix.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar redrawn in place on standard error, for long commands run on a terminal, with the
 * rate so far and the time left at that rate; when standard error goes elsewhere (a file, a pipe, a
 * test), it draws nothing.
 */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int LINE_WIDTH = WIDTH + 80;

    private final PrintWriter err;
    private final boolean drawn;
    private final long total;
    private final String unit;
    private final long startedAt = System.nanoTime();
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
        advance(1);
    }

    /** {@code count} more items done; redraws at most ten times a second. */
    void advance(long count) {
        done += count;
        long now = System.nanoTime();
        if (drawn && (now - lastDrawn >= REDRAW_NANOS || done >= total)) {
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
            err.print("\r" + " ".repeat(LINE_WIDTH) + "\r");
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
        err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + unit + pace());
        err.flush();
    }

    /** {@code , 1234/s, 0:42 left} once anything is done; the time left assumes the rate so far. */
    private String pace() {
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        if (done == 0 || seconds <= 0) {
            return "";
        }
        double rate = done / seconds;
        long left = (long) Math.ceil(Math.max(0, total - done) / rate);
        return String.format(Locale.ROOT, ", %d/s, %s left", Math.round(rate), duration(left));
    }

    private static String duration(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}

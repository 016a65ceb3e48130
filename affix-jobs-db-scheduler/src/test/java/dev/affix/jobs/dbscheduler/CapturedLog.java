package dev.affix.jobs.dbscheduler;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the runner logs while open: slf4j-simple (the tests' logger) writes to whatever
 * {@code System.err} is at the time, so a test can read the lines it cares about. Closing puts
 * {@code System.err} back and replays the lines there.
 */
final class CapturedLog implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream lines = new ByteArrayOutputStream();

    CapturedLog() {
        System.setErr(new PrintStream(lines, true, StandardCharsets.UTF_8));
    }

    String text() {
        return lines.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setErr(original);
        original.print(text());
    }
}

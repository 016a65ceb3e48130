package dev.affix.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What Affix logs while open: slf4j-simple (the tests' logger) writes to whatever
 * {@code System.err} is at the time, so a test can count the lines it cares about. Closing puts
 * {@code System.err} back and replays the lines there.
 */
public final class CapturedLog implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream lines = new ByteArrayOutputStream();

    public CapturedLog() {
        System.setErr(new PrintStream(lines, true, StandardCharsets.UTF_8));
    }

    /** The log lines (not the stack trace lines below them) that contain {@code text}. */
    public List<String> linesWith(String text) {
        return Arrays.stream(lines.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(line -> line.startsWith("[") && line.contains(text)).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
        original.print(lines.toString(StandardCharsets.UTF_8));
    }
}

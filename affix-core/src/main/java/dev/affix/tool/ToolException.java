package dev.affix.tool;

import dev.affix.AffixException;
import java.util.OptionalInt;

/**
 * An external tool did not do its job: it could not start, exited with a failure, wrote more than
 * allowed, or ran out of time ({@link ToolTimeoutException}). The message names the tool, its exit
 * code and the end of what it wrote to stderr, which is what explains most failures.
 */
public class ToolException extends AffixException {

    private final String tool;
    private final Integer exitCode;
    private final String stderrTail;

    /**
     * @param tool       the tool's name, e.g. {@code ffprobe}
     * @param problem    what went wrong, e.g. {@code failed} or {@code wrote more than 1048576 bytes to stdout}
     * @param exitCode   the exit code, or null when the process did not exit on its own
     * @param stderrTail the last bytes the tool wrote to stderr, decoded; may be empty
     */
    public ToolException(String tool, String problem, Integer exitCode, String stderrTail, Throwable cause) {
        super(message(tool, problem, exitCode, stderrTail), cause);
        this.tool = tool;
        this.exitCode = exitCode;
        this.stderrTail = stderrTail == null ? "" : stderrTail;
    }

    public ToolException(String tool, String problem, Integer exitCode, String stderrTail) {
        this(tool, problem, exitCode, stderrTail, null);
    }

    public String tool() {
        return tool;
    }

    /** Empty when the tool never started or was killed. */
    public OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    public String stderrTail() {
        return stderrTail;
    }

    private static String message(String tool, String problem, Integer exitCode, String stderrTail) {
        StringBuilder message = new StringBuilder(tool).append(' ').append(problem);
        if (exitCode != null) {
            message.append(" (exit code ").append(exitCode).append(')');
        }
        String tail = stderrTail == null ? "" : oneLine(stderrTail);
        if (!tail.isEmpty()) {
            message.append(": ").append(tail);
        }
        return message.toString();
    }

    // one log line per failure, whatever the tool printed
    private static String oneLine(String text) {
        StringBuilder line = new StringBuilder();
        for (String part : text.strip().split("\\R+")) {
            if (!part.isBlank()) {
                line.append(line.length() == 0 ? "" : " | ").append(part.strip());
            }
        }
        return line.toString().replaceAll("\\p{Cntrl}", "?");
    }
}

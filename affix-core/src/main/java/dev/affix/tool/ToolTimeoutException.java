package dev.affix.tool;

import java.time.Duration;

/** An external tool ran longer than its time limit, and was killed with every process it started. */
public final class ToolTimeoutException extends ToolException {

    private final Duration timeout;

    public ToolTimeoutException(String tool, Duration timeout, String stderrTail) {
        super(tool, "ran longer than " + timeout.toMillis() + " ms and was killed", null, stderrTail);
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}

package dev.affix.tool;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a tool may run, and how much it may write to stdout; past either, it is killed.
 *
 * @param timeout        the wall-clock time from start to exit
 * @param maxStdoutBytes the most bytes read from its stdout, so a hostile input cannot make a caller
 *                       that keeps the output run out of memory
 */
public record ToolLimits(Duration timeout, long maxStdoutBytes) {

    public ToolLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a tool's timeout must be positive, not " + timeout);
        }
        if (maxStdoutBytes < 0) {
            throw new IllegalArgumentException("maxStdoutBytes must not be negative, not " + maxStdoutBytes);
        }
    }
}

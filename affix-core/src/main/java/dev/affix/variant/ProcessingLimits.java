package dev.affix.variant;

import java.time.Duration;
import java.util.Objects;

/**
 * What a processor or previewer must refuse or stop at, whatever the file claims.
 *
 * @param maxPixels the largest width x height it decodes, judged from the header before decoding
 * @param timeout   how long one transformation or preview may take before it is stopped and fails
 */
public record ProcessingLimits(long maxPixels, Duration timeout) {

    /** 100 megapixels (a 12000 x 8000 photograph passes) and 30 seconds. */
    public static final ProcessingLimits DEFAULTS = new ProcessingLimits(100_000_000L, Duration.ofSeconds(30));

    public ProcessingLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, not " + maxPixels);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
        }
    }
}

package dev.affix.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How many direct uploads, and how many declared bytes, one client may create per period: a token
 * bucket for each measure, which holds the whole budget, is spent by each creation and refills evenly
 * over {@code per}. So a client may use its budget in a burst, then goes on at the average rate.
 *
 * @param requests creations per period; {@link Long#MAX_VALUE} for no limit on the count
 * @param bytes    declared {@code byte_size} per period; {@link Long#MAX_VALUE} for no limit on bytes.
 *                 An upload larger than this budget is allowed when the client's budget is full, and
 *                 the excess is paid back before its next one, so the average rate still holds.
 * @param per      the period over which each budget refills completely
 */
public record DirectUploadRateLimit(long requests, long bytes, Duration per) {

    public static final long UNLIMITED = Long.MAX_VALUE;

    public DirectUploadRateLimit {
        Objects.requireNonNull(per, "per");
        if (per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("rate_limit.per must be positive, not " + per);
        }
        if (requests < 1 || bytes < 1) {
            throw new IllegalArgumentException("rate_limit.requests and rate_limit.bytes must be at least 1");
        }
        if (requests == UNLIMITED && bytes == UNLIMITED) {
            throw new IllegalArgumentException("rate_limit needs requests, bytes or both");
        }
    }
}

package dev.affix.gcs;

import com.google.api.core.ApiClock;
import java.time.Duration;
import java.time.Instant;

/** The SDK's clock, moved by hand: signed URLs take their X-Goog-Date from it, and the endpoint checks expiry against it. */
final class TestClock implements ApiClock {

    private volatile long millis = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    void advance(Duration duration) {
        millis += duration.toMillis();
    }

    Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public long nanoTime() {
        return millis * 1_000_000;
    }

    @Override
    public long millisTime() {
        return millis;
    }
}

package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-client buckets themselves: refill, and memory that stays bounded however many clients come. */
class DirectUploadRateLimiterTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void budgetsRefillEvenlyOverThePeriod() {
        DirectUploadRateLimiter limiter = new DirectUploadRateLimiter(new DirectUploadRateLimit(2, DirectUploadRateLimit.UNLIMITED,
                Duration.ofSeconds(10)), clock);

        assertThat(limiter.spend("a", 1_000_000_000L)).isEmpty();
        assertThat(limiter.spend("a", 0)).isEmpty();
        assertThat(limiter.spend("a", 0)).contains(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(2));
        assertThat(limiter.spend("a", 0)).contains(Duration.ofSeconds(3));
        clock.advance(Duration.ofSeconds(3));
        assertThat(limiter.spend("a", 0)).isEmpty();
    }

    @Test
    void idleClientsAreForgottenOnceTheirBudgetIsFullAgain() {
        DirectUploadRateLimiter limiter = new DirectUploadRateLimiter(new DirectUploadRateLimit(5, 5000, Duration.ofMinutes(1)), clock);
        for (int i = 0; i < 1000; i++) {
            limiter.spend("client-" + i, 100);
        }
        assertThat(limiter.trackedClients()).isEqualTo(1000);

        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 3; i++) {
            limiter.spend("late", 100);
        }
        assertThat(limiter.trackedClients()).isEqualTo(1001);

        clock.advance(Duration.ofSeconds(31));
        limiter.spend("later", 100);
        // each upload takes 12 s to refill: everyone but "late" (3 uploads, 31 s ago) and "later" is full again,
        // and nothing tells them from new clients
        assertThat(limiter.trackedClients()).isEqualTo(2);
    }

    @Test
    void atMostAFixedNumberOfClientsIsTrackedAndNewOnesWaitWhileAllAreBusy() {
        DirectUploadRateLimiter limiter = new DirectUploadRateLimiter(new DirectUploadRateLimit(1, DirectUploadRateLimit.UNLIMITED,
                Duration.ofMinutes(1)), clock);
        for (int i = 0; i < DirectUploadRateLimiter.MAX_CLIENTS; i++) {
            assertThat(limiter.spend("client-" + i, 0)).isEmpty();
        }

        assertThat(limiter.spend("one too many", 0)).contains(Duration.ofMinutes(1));
        assertThat(limiter.trackedClients()).isEqualTo(DirectUploadRateLimiter.MAX_CLIENTS);
        assertThat(limiter.spend("client-7", 0)).isPresent();

        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.spend("one too many", 0)).isEmpty();
        assertThat(limiter.trackedClients()).isEqualTo(1);
    }

    @Test
    void aLimitNeedsAPeriodAndSomethingToLimit() {
        assertThatThrownBy(() -> new DirectUploadRateLimit(DirectUploadRateLimit.UNLIMITED, DirectUploadRateLimit.UNLIMITED, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DirectUploadRateLimit(0, 10, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DirectUploadRateLimit(10, 10, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.affix.http;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps one pair of token buckets ({@link DirectUploadRateLimit}) per client. A bucket is held as the
 * instant it will be full again (each token spent pushes it later by a period's share; time refills it),
 * which is exact arithmetic on instants, with no rounding to drift.
 *
 * <p>Memory stays bounded: a client whose buckets are full again is no different from a new one, so it
 * is forgotten (idle clients are swept once per period), and at most {@value #MAX_CLIENTS} clients are
 * tracked at once; while that many are within their period, new clients wait until some refill.
 */
final class DirectUploadRateLimiter {

    static final int MAX_CLIENTS = 100_000;
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000);

    private final DirectUploadRateLimit limit;
    private final Clock clock;
    private final ConcurrentHashMap<String, Buckets> clients = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastSweep;

    DirectUploadRateLimiter(DirectUploadRateLimit limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
        this.lastSweep = new AtomicReference<>(clock.instant());
    }

    /**
     * Spends one creation and {@code bytes} from the client's budget if it holds them; otherwise spends
     * nothing and tells how long until it will.
     *
     * @return empty when allowed, else the time to wait
     */
    Optional<Duration> spend(String client, long bytes) {
        Instant now = clock.instant();
        sweepIfDue(now);
        if (clients.size() >= MAX_CLIENTS && !clients.containsKey(client)) {
            return Optional.of(limit.per());
        }
        Duration requestCost = share(1, limit.requests());
        Duration bytesCost = share(bytes, limit.bytes());
        AtomicReference<Duration> wait = new AtomicReference<>();
        clients.compute(client, (key, held) -> {
            Buckets current = held == null ? new Buckets(now, now) : held;
            Duration needed = longer(waitFor(current.requestsFullAt(), requestCost, now), waitFor(current.bytesFullAt(), bytesCost, now));
            if (!needed.isZero()) {
                wait.set(needed);
                return current;
            }
            return new Buckets(later(current.requestsFullAt(), now).plus(requestCost), later(current.bytesFullAt(), now).plus(bytesCost));
        });
        return Optional.ofNullable(wait.get());
    }

    int trackedClients() {
        return clients.size();
    }

    /**
     * How long until a bucket full at {@code fullAt} holds {@code cost}. A cost over the whole budget
     * needs a full bucket, not more than there can ever be; spending it leaves the bucket in debt.
     */
    private Duration waitFor(Instant fullAt, Duration cost, Instant now) {
        Duration afterSpending = Duration.between(now, later(fullAt, now)).plus(cost.compareTo(limit.per()) > 0 ? limit.per() : cost);
        Duration over = afterSpending.minus(limit.per());
        return over.isNegative() ? Duration.ZERO : over;
    }

    /** The refill time of {@code amount} out of a budget of {@code capacity} per period, rounded up to the nanosecond. */
    private Duration share(long amount, long capacity) {
        if (capacity == DirectUploadRateLimit.UNLIMITED || amount == 0) {
            return Duration.ZERO;
        }
        BigInteger[] quotient = BigInteger.valueOf(amount).multiply(BigInteger.valueOf(limit.per().toNanos()))
                .divideAndRemainder(BigInteger.valueOf(capacity));
        BigInteger nanos = quotient[1].signum() == 0 ? quotient[0] : quotient[0].add(BigInteger.ONE);
        BigInteger[] seconds = nanos.divideAndRemainder(NANOS_PER_SECOND);
        return Duration.ofSeconds(seconds[0].longValueExact(), seconds[1].longValueExact());
    }

    /** Forgets the clients whose buckets are full again: once per period, or every tenth of one while the table is full. */
    private void sweepIfDue(Instant now) {
        Instant last = lastSweep.get();
        Duration since = Duration.between(last, now);
        boolean due = since.compareTo(limit.per()) >= 0 || (clients.size() >= MAX_CLIENTS && since.compareTo(limit.per().dividedBy(10)) >= 0);
        if (due && lastSweep.compareAndSet(last, now)) {
            for (String client : clients.keySet()) {
                clients.computeIfPresent(client, (key, held) -> held.fullBy(now) ? null : held);
            }
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** When each of a client's two buckets will be full again. */
    private record Buckets(Instant requestsFullAt, Instant bytesFullAt) {

        boolean fullBy(Instant now) {
            return !requestsFullAt.isAfter(now) && !bytesFullAt.isAfter(now);
        }
    }
}

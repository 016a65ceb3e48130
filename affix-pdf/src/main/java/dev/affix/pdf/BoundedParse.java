package dev.affix.pdf;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one parse on a thread of its own and watches it: past its deadline, or once it has allocated
 * more than its budget, the parse is abandoned. A JVM thread cannot be killed, so abandoning means
 * making it fail fast: the {@link Abandonment} flag makes its next read of the file throw (PDFBox reads
 * the file in every loop that can run long: scanning a broken file, expanding a stream) and the thread
 * is interrupted. The caller waits a short grace period for it to end and then returns either way; the
 * thread is a daemon and cleans up after itself when it ends.
 */
final class BoundedParse {

    /** What runs on the parse thread; it reads the file only through a {@link GuardedRead}. */
    @FunctionalInterface
    interface Task<T> {
        T run(Abandonment abandonment) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(BoundedParse.class);
    private static final long POLL_MILLIS = 10;
    private static final Duration GRACE = Duration.ofSeconds(2);
    // generous, so that deep but lawful nesting parses; a deeper one overflows this thread's stack only
    private static final long STACK_BYTES = 8L << 20;

    private final String activity;
    private final Duration timeout;
    private final long maxAllocated;
    private final AllocationMeter meter;

    /**
     * @param activity what the parse does, for messages: {@code analysis}, {@code rendering}
     */
    BoundedParse(String activity, Duration timeout, long maxAllocated, AllocationMeter meter) {
        this.activity = activity;
        this.timeout = timeout;
        this.maxAllocated = maxAllocated;
        this.meter = meter;
    }

    <T> T run(String name, Task<T> task) {
        Abandonment abandonment = new Abandonment();
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = new Thread(null, () -> {
            try {
                result.complete(task.run(abandonment));
            } catch (Throwable e) { // a StackOverflowError or OutOfMemoryError here ends this thread's parse only
                result.completeExceptionally(e);
            }
        }, name, STACK_BYTES);
        worker.setDaemon(true);
        worker.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return result.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw failure(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw abandon(worker, abandonment, "the " + activity + " was interrupted");
            } catch (TimeoutException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw abandon(worker, abandonment, "it took longer than " + timeout.toMillis() + " ms");
                }
                OptionalLong allocated = meter.allocatedBy(worker);
                if (allocated.isPresent() && allocated.getAsLong() > maxAllocated) {
                    throw abandon(worker, abandonment, "it allocated more than " + maxAllocated + " bytes");
                }
            }
        }
    }

    private PdfAnalysisException abandon(Thread worker, Abandonment abandonment, String why) {
        abandonment.abandon(why);
        worker.interrupt();
        try {
            worker.join(GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            LOG.warn("PDF parse thread {} still runs {} ms after it was abandoned ({}); it stops at its next read of the file",
                    worker.getName(), GRACE.toMillis(), why);
        }
        return new PdfAnalysisException("PDF " + activity + " abandoned: " + why);
    }

    private static PdfAnalysisException failure(Throwable cause) {
        if (cause instanceof PdfAnalysisException known) {
            return known;
        }
        if (cause instanceof StackOverflowError) {
            return new PdfAnalysisException("unreadable PDF: its structure is nested too deeply", cause);
        }
        if (cause instanceof OutOfMemoryError) {
            return new PdfAnalysisException("unreadable PDF: reading it ran out of memory", cause);
        }
        return new PdfAnalysisException("unreadable PDF: " + cause, cause);
    }
}

package dev.affix.job;

import dev.affix.AffixException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs each job at once on the caller's thread, ignoring delays, and lets a failure propagate, so
 * tests see the outcome directly. A job that asks to be retried later is kept in {@link #deferred()}
 * until {@link #runDeferred()}.
 */
public final class InlineJobRunner implements JobRunner {

    private Map<String, JobHandler> handlers = Map.of();
    private final List<Job> deferred = new ArrayList<>();

    @Override
    public void start(Map<String, JobHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    @Override
    public synchronized void enqueue(Job job) {
        JobHandler handler = handlers.get(job.type());
        if (handler == null) {
            throw new IllegalStateException("no handler for job type '" + job.type() + "'");
        }
        try {
            handler.run(job.arguments());
        } catch (RetryLaterException e) {
            deferred.add(job);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AffixException("job " + job.type() + " failed: " + e.getMessage(), e);
        }
    }

    public synchronized List<Job> deferred() {
        return List.copyOf(deferred);
    }

    /** Runs the deferred jobs again; those that still ask to wait stay deferred. */
    public synchronized void runDeferred() {
        List<Job> again = new ArrayList<>(deferred);
        deferred.clear();
        again.forEach(this::enqueue);
    }

    @Override
    public void close() {
        // nothing runs in the background
    }
}

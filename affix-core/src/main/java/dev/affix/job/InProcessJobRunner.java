package dev.affix.job;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on a small pool of daemon threads in this JVM ({@code jobs.threads}), retrying failures
 * with exponential backoff up to {@code jobs.max_attempts} attempts. Queued work is lost if the JVM
 * stops: deleting purged bytes is recorded in the database and done again after a restart, and what
 * else it does (purging a blob later, mirroring) is what the {@code cleanup} and {@code verify}
 * commands repair; an application that cannot accept the delay uses the durable runner instead.
 */
public final class InProcessJobRunner implements JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessJobRunner.class);

    private final ScheduledExecutorService executor;
    private final JobSettings settings;
    private final Duration firstBackoff;
    private volatile Map<String, JobHandler> handlers = Map.of();

    public InProcessJobRunner() {
        this(JobSettings.DEFAULTS, Duration.ofSeconds(1));
    }

    /** @param firstBackoff the wait before the second attempt, doubled before each further one */
    public InProcessJobRunner(JobSettings settings, Duration firstBackoff) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "affix-job-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(settings.threads(), factory);
        pool.setRemoveOnCancelPolicy(true);
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = pool;
        this.settings = settings;
        this.firstBackoff = firstBackoff;
    }

    public JobSettings settings() {
        return settings;
    }

    @Override
    public void start(Map<String, JobHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    @Override
    public void enqueue(Job job) {
        schedule(job, 1, job.delay());
    }

    private void schedule(Job job, int attempt, Duration delay) {
        executor.schedule(() -> run(job, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(Job job, int attempt) {
        JobHandler handler = handlers.get(job.type());
        if (handler == null) {
            LOG.error("no handler for job type '{}'; dropping {}", job.type(), job.arguments());
            return;
        }
        try {
            handler.run(job.arguments());
        } catch (Exception e) {
            if (attempt >= settings.maxAttempts()) {
                LOG.error("job {} {} failed {} times; giving up", job.type(), job.arguments(), attempt, e);
                return;
            }
            Duration backoff = firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 16));
            if (!(e instanceof RetryLaterException)) {
                LOG.warn("job {} {} failed (attempt {}), retrying in {}: {}", job.type(), job.arguments(), attempt, backoff,
                        e.toString());
            }
            schedule(job, attempt + 1, backoff);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

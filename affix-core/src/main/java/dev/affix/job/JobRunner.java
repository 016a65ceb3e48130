package dev.affix.job;

import java.util.Map;

/**
 * Runs Affix's background work (purging later, deleting bytes, mirroring, analysis, and the jobs that
 * extensions contribute, all handed to {@link #start} together). Three runners ship:
 * {@link InlineJobRunner} for tests, {@link InProcessJobRunner} (the default, in memory), and a
 * durable, clustered one on the application's database in affix-jobs-db-scheduler.
 * An application can plug in its own queue by implementing this interface.
 */
public interface JobRunner extends AutoCloseable {

    /** Called once, before any {@link #enqueue}, with the handler of every job type. */
    void start(Map<String, JobHandler> handlers);

    /** Queues the job; it runs after its delay, and is retried with backoff if it fails. */
    void enqueue(Job job);

    /** Stops taking work; waits briefly for running jobs. */
    @Override
    void close();
}

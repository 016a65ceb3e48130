package dev.affix;

import dev.affix.blob.DrainPendingDeletionsJob;
import dev.affix.job.JobRunner;
import dev.affix.resumable.ExpireUploadSessionsJob;
import dev.affix.storage.StorageService;
import dev.affix.storage.StorageServices;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Affix does by itself while it runs, on one daemon thread: it asks the job runner to work off
 * the pending deletions every so often (those recorded in a caller's transaction, failed ones, those
 * of a process that stopped), and removes the files of abandoned uploads from every service, at
 * start and then hourly. The latter is done here rather than as a job because a Disk root is local
 * to each machine, while a durable runner may run a job on any of them. Hourly too, it queues the
 * job that removes abandoned resumable uploads, which the database records wherever their pieces are.
 */
final class BackgroundMaintenance implements AutoCloseable {

    /** Partial files not written to for this long belong to uploads that were cut off. */
    static final Duration ABANDONED_UPLOAD_IDLE = Duration.ofDays(1);
    private static final Duration ABANDONED_UPLOAD_SWEEP = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundMaintenance.class);

    private final ScheduledExecutorService timer;

    private BackgroundMaintenance(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** @param resumableExpiry how long a resumable upload may rest ({@code http.resumable_uploads.expires_in}) */
    static BackgroundMaintenance start(JobRunner jobs, StorageServices services, Duration pendingDeletionsEvery, Duration resumableExpiry) {
        // never shorter than a resumable upload may rest: its S3 multipart upload is in time until then
        Duration idle = resumableExpiry.compareTo(ABANDONED_UPLOAD_IDLE) > 0 ? resumableExpiry : ABANDONED_UPLOAD_IDLE;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "affix-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        long every = pendingDeletionsEvery.toMillis();
        timer.scheduleWithFixedDelay(() -> drainPendingDeletions(jobs), every, every, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> deleteAbandonedUploads(services, idle), 0, ABANDONED_UPLOAD_SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        long sweep = ABANDONED_UPLOAD_SWEEP.toMillis();
        // nothing expires sooner than its expiry after a start: the first removal can wait a period
        timer.scheduleWithFixedDelay(() -> expireResumableUploads(jobs), sweep, sweep, TimeUnit.MILLISECONDS);
        return new BackgroundMaintenance(timer);
    }

    // a task that throws would never run again: each one catches what it meets

    private static void drainPendingDeletions(JobRunner jobs) {
        try {
            jobs.enqueue(DrainPendingDeletionsJob.job());
        } catch (RuntimeException e) {
            LOG.warn("could not queue the periodic deletion of pending objects: {}", e.toString());
        }
    }

    private static void expireResumableUploads(JobRunner jobs) {
        try {
            jobs.enqueue(ExpireUploadSessionsJob.job());
        } catch (RuntimeException e) {
            LOG.warn("could not queue the removal of abandoned resumable uploads: {}", e.toString());
        }
    }

    private static void deleteAbandonedUploads(StorageServices services, Duration idle) {
        for (StorageService service : services.all()) {
            try {
                int removed = service.deleteAbandonedUploads(idle);
                if (removed > 0) {
                    LOG.info("removed {} abandoned upload files from service '{}'", removed, service.name());
                }
            } catch (RuntimeException e) {
                LOG.warn("could not remove abandoned upload files from service '{}': {}", service.name(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

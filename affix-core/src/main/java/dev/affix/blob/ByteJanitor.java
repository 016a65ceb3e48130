package dev.affix.blob;

import dev.affix.db.Database;
import dev.affix.job.Job;
import dev.affix.job.JobRunner;
import dev.affix.job.RetryLaterException;
import dev.affix.storage.StorageServices;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the bytes of blobs whose rows are gone: rows first, bytes after, so that no row ever points
 * at missing bytes. When the rows' deletion is committed already, the bytes go at once, and a failure
 * becomes a retried job; inside a caller's transaction, a job deletes them once it can see the rows
 * are gone (and never if the transaction rolled back).
 */
public final class ByteJanitor {

    public static final String DELETE_OBJECT_JOB = "affix.delete_object";
    private static final Logger LOG = LoggerFactory.getLogger(ByteJanitor.class);
    private static final Duration AFTER_CALLER_COMMIT = Duration.ofSeconds(2);

    private final Database own;
    private final BlobRepository blobs;
    private final StorageServices services;
    private final JobRunner jobs;

    public ByteJanitor(Database own, BlobRepository blobs, StorageServices services, JobRunner jobs) {
        this.own = own;
        this.blobs = blobs;
        this.services = services;
        this.jobs = jobs;
    }

    /** Called after the rows of {@code blob} were deleted through {@code rowsDatabase}. */
    public void rowsDeleted(Database rowsDatabase, Blob blob) {
        Job job = Job.of(DELETE_OBJECT_JOB, Map.of("service", blob.serviceName(), "key", blob.key()));
        if (!rowsDatabase.afterCommit(() -> deleteNow(blob, job))) {
            jobs.enqueue(job.delayedBy(AFTER_CALLER_COMMIT));
        }
    }

    private void deleteNow(Blob blob, Job retry) {
        try {
            services.get(blob.serviceName()).delete(blob.key());
        } catch (RuntimeException e) {
            LOG.warn("deleting key '{}' from service '{}' failed; retrying in the background: {}", blob.key(), blob.serviceName(),
                    e.toString());
            jobs.enqueue(retry);
        }
    }

    /** The job: delete the object unless a blob row still points at it. */
    public void runDeleteJob(Map<String, String> arguments) {
        String service = arguments.get("service");
        String key = arguments.get("key");
        boolean referenced = own.inTransaction(c -> blobs.findByKey(c, key, service).isPresent());
        if (referenced) {
            throw new RetryLaterException("a blob row still points at key '" + key + "' in service '" + service + "'");
        }
        services.get(service).delete(key);
    }
}

package dev.affix.analysis;

import dev.affix.blob.Blob;
import dev.affix.blob.Blobs;
import dev.affix.job.Job;
import dev.affix.job.JobHandler;
import dev.affix.job.RetryLaterException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses a blob after its attach committed ({@code analyze: later}), unless it was analysed
 * already: runners may run a job twice. When the attach joined a transaction whose commit Affix
 * cannot see (a caller's bare JDBC connection), the job is queued at once and waits until the blob
 * is attached, so that a rollback means no analysis; it gives up quietly at its deadline.
 */
public final class AnalyzeBlobJob implements JobHandler {

    public static final String TYPE = "affix.analyze_blob";
    /**
     * How long a job queued for an attach in a caller's bare JDBC transaction waits for its commit;
     * shorter than the in-process runner's default retries last (about eight minutes), so that it
     * gives up quietly after a rollback.
     */
    public static final Duration COMMIT_WAIT = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(AnalyzeBlobJob.class);
    private static final String BLOB_ID = "blob_id";
    private static final String ATTACHED_BY = "attached_by";

    private final Blobs blobs;
    private final BlobAnalysis analysis;
    private final Clock clock;

    public AnalyzeBlobJob(Blobs blobs, BlobAnalysis analysis, Clock clock) {
        this.blobs = blobs;
        this.analysis = analysis;
        this.clock = clock;
    }

    /** Analyse the blob (queued once the attach committed). */
    public static Job of(Blob blob) {
        return Job.of(TYPE, Map.of(BLOB_ID, Long.toString(blob.id())));
    }

    /** Analyse the blob once it is seen attached, if it is within {@link #COMMIT_WAIT} of {@code queuedAt}. */
    public static Job onceAttached(Blob blob, Instant queuedAt) {
        return Job.of(TYPE, Map.of(BLOB_ID, Long.toString(blob.id()), ATTACHED_BY, queuedAt.plus(COMMIT_WAIT).toString()));
    }

    @Override
    public void run(Map<String, String> arguments) {
        Blob blob = blobs.find(Long.parseLong(arguments.get(BLOB_ID))).orElse(null);
        if (blob == null || blob.analyzed()) {
            return;
        }
        if (arguments.containsKey(ATTACHED_BY) && !blobs.isAttached(blob)) {
            Instant deadline = Instant.parse(arguments.get(ATTACHED_BY));
            if (clock.instant().isBefore(deadline)) {
                throw new RetryLaterException("blob " + blob.id() + " is not attached yet: its transaction has not committed");
            }
            LOG.debug("blob {} was not attached by {} (its transaction rolled back, or it was detached); not analysed", blob.id(),
                    deadline);
            return;
        }
        analysis.analyze(blob);
    }
}

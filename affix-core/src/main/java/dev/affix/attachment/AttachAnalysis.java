package dev.affix.attachment;

import dev.affix.analysis.AnalysisMode;
import dev.affix.analysis.AnalyzeBlobJob;
import dev.affix.analysis.BlobAnalysis;
import dev.affix.blob.Blob;
import dev.affix.blob.LocalCopy;
import dev.affix.db.Database;
import dev.affix.job.Job;
import dev.affix.job.JobRunner;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When an attach has its blobs analysed, as the declaration (else the configuration) says:
 * {@code immediately}, the facts are found before the attach's transaction and written in it;
 * {@code later}, a job is queued once it has committed, and never if it rolls back.
 */
final class AttachAnalysis {

    private static final Logger LOG = LoggerFactory.getLogger(AttachAnalysis.class);

    private final BlobAnalysis analysis;
    private final JobRunner jobs;
    private final Clock clock;

    AttachAnalysis(BlobAnalysis analysis, JobRunner jobs, Clock clock) {
        this.analysis = analysis;
        this.jobs = jobs;
        this.clock = clock;
    }

    AnalysisMode mode(AttachmentDeclaration declaration) {
        return declaration.analyzeOr(analysis.settings().analyze());
    }

    /** What to merge into the metadata of a blob just stored through {@code copy}. */
    Map<String, Object> now(Blob blob, LocalCopy copy) {
        return analysis.facts(blob, copy.path()).metadata();
    }

    /** What to merge into the metadata of an existing blob before it is attached: nothing if analysed already. */
    Map<String, Object> now(Blob blob) {
        return blob.analyzed() ? Map.of() : analysis.facts(blob).metadata();
    }

    /**
     * After the change of a slot whose declaration says {@code later}: queues the analysis of the
     * blobs not analysed yet once {@code rows} has committed. When it cannot tell (a caller's bare
     * JDBC connection), the jobs are queued now and wait until the blobs are seen attached.
     */
    void later(Database rows, List<Blob> attached) {
        List<Blob> pending = attached.stream().filter(blob -> !blob.analyzed()).toList();
        if (pending.isEmpty()) {
            return;
        }
        if (!rows.afterCommit(() -> pending.forEach(blob -> enqueue(AnalyzeBlobJob.of(blob), blob)))) {
            pending.forEach(blob -> enqueue(AnalyzeBlobJob.onceAttached(blob, clock.instant()), blob));
        }
    }

    private void enqueue(Job job, Blob blob) {
        try {
            jobs.enqueue(job);
        } catch (RuntimeException e) {
            // the attach has committed and must not look failed; an inline runner fails here when the analysis does
            LOG.warn("the analysis of blob {} could not run ({}); 'affix analyze --only-missing' does it later", blob.id(), e.toString());
        }
    }
}

package dev.affix.analysis;

import dev.affix.blob.Blob;
import dev.affix.blob.Blobs;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.TempDownload;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Analyses blobs: reads a verified local copy of their bytes with the {@link AnalysisPipeline} and
 * merges what it found into their metadata, with {@code analyzed: true}, without losing what others
 * wrote meanwhile. Bytes whose checksum does not match are never analysed.
 */
public final class BlobAnalysis {

    private final Blobs blobs;
    private final AnalysisPipeline pipeline;
    private final AnalysisSettings settings;

    public BlobAnalysis(Blobs blobs, AnalysisPipeline pipeline, AnalysisSettings settings) {
        this.blobs = blobs;
        this.pipeline = pipeline;
        this.settings = settings;
    }

    public AnalysisPipeline pipeline() {
        return pipeline;
    }

    public AnalysisSettings settings() {
        return settings;
    }

    /**
     * Analyses the blob again (whether or not it was before) and records the facts; empty if the blob
     * was purged meanwhile. A failing analyzer is logged and left out; bytes that cannot be read (gone,
     * or not matching their checksum) throw, and nothing is recorded.
     */
    public Optional<AnalysisOutcome> analyze(Blob blob) {
        AnalysisOutcome outcome = facts(blob);
        return blobs.mergeMetadata(blob.id(), outcome.metadata()).map(recorded -> outcome);
    }

    /**
     * What the analyzers find in the blob's bytes, downloaded into a private temporary file and
     * verified, or without reading them when no analyzer accepts the blob; nothing is recorded.
     */
    public AnalysisOutcome facts(Blob blob) {
        if (!pipeline.anyAccepts(blob)) {
            return new AnalysisOutcome(Map.of(), List.of());
        }
        if (blob.checksum() == null) {
            throw new IntegrityException("blob " + blob.id() + " has no checksum to verify its bytes against; it is not analysed");
        }
        try (TempDownload copy = blobs.open(blob)) {
            return pipeline.run(blob, copy.path());
        }
    }

    /** What the analyzers find in {@code verifiedCopy}, a local copy of the blob's bytes whose checksum was checked. */
    public AnalysisOutcome facts(Blob blob, Path verifiedCopy) {
        return pipeline.run(blob, verifiedCopy);
    }
}

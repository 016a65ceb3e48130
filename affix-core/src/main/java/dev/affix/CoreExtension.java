package dev.affix;

import dev.affix.analysis.AnalyzeBlobJob;
import dev.affix.blob.Blobs;
import dev.affix.blob.ByteJanitor;
import dev.affix.blob.DeleteObjectJob;
import dev.affix.blob.DrainPendingDeletionsJob;
import dev.affix.blob.MirrorBlobJob;
import dev.affix.blob.PurgeBlobJob;
import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;
import dev.affix.resumable.ExpireUploadSessionsJob;
import dev.affix.variant.ProcessVariantJob;

/**
 * The core's own contributions: the jobs that purge, delete bytes, copy to mirrors, analyse, make
 * variants and remove abandoned resumable uploads.
 */
final class CoreExtension implements AffixExtension {

    private final Blobs blobs;
    private final ByteJanitor janitor;
    private final AnalyzeBlobJob analyze;
    private final ProcessVariantJob processVariant;
    private final ExpireUploadSessionsJob expireUploads;

    CoreExtension(Blobs blobs, ByteJanitor janitor, AnalyzeBlobJob analyze, ProcessVariantJob processVariant,
            ExpireUploadSessionsJob expireUploads) {
        this.blobs = blobs;
        this.janitor = janitor;
        this.analyze = analyze;
        this.processVariant = processVariant;
        this.expireUploads = expireUploads;
    }

    @Override
    public String name() {
        return "core";
    }

    @Override
    public void contribute(Contributions contributions) {
        contributions.job(PurgeBlobJob.TYPE, new PurgeBlobJob(blobs));
        contributions.job(DeleteObjectJob.TYPE, new DeleteObjectJob(janitor));
        contributions.job(DrainPendingDeletionsJob.TYPE, new DrainPendingDeletionsJob(janitor));
        contributions.job(MirrorBlobJob.TYPE, new MirrorBlobJob(blobs));
        contributions.job(AnalyzeBlobJob.TYPE, analyze);
        contributions.job(ProcessVariantJob.TYPE, processVariant);
        contributions.job(ExpireUploadSessionsJob.TYPE, expireUploads);
    }
}

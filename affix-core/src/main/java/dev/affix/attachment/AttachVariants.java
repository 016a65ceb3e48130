package dev.affix.attachment;

import dev.affix.blob.Blob;
import dev.affix.db.Database;
import dev.affix.job.JobRunner;
import dev.affix.variant.NamedVariant;
import dev.affix.variant.ProcessVariantJob;
import dev.affix.variant.Variants;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an attach does for the declaration's named variants once it has committed: queues those
 * declared {@code process: later}, makes those declared {@code immediately}; {@code lazily} ones wait
 * for their first request. A variant that fails never fails the attach, which has committed.
 */
final class AttachVariants {

    private static final Logger LOG = LoggerFactory.getLogger(AttachVariants.class);

    private final Variants variants;
    private final JobRunner jobs;

    AttachVariants(Variants variants, JobRunner jobs) {
        this.variants = variants;
        this.jobs = jobs;
    }

    Variants variants() {
        return variants;
    }

    /** Whether the declaration has variants made before its attaches return. */
    boolean makesImmediately(AttachmentDeclaration declaration) {
        return declaration.variants().values().stream().anyMatch(v -> v.process() == NamedVariant.Process.IMMEDIATELY);
    }

    /**
     * Makes the declaration's {@code immediately} variants of a blob just stored, from the verified
     * local copy kept while storing it, before the attach's transaction: no download. Should the
     * attach fail, purging the blob purges them too.
     */
    void makeImmediately(AttachmentDeclaration declaration, Blob blob, Path copy) {
        if (!variants.representable(blob)) {
            return;
        }
        for (NamedVariant variant : declaration.variants().values()) {
            if (variant.process() == NamedVariant.Process.IMMEDIATELY) {
                try {
                    variants.representation(blob, variant.transformations()).processedFrom(copy);
                } catch (RuntimeException e) {
                    LOG.warn("variant '{}' of blob {} could not be made; its first request tries again: {}", variant.name(), blob.id(),
                            e.getMessage());
                }
            }
        }
    }

    void afterAttach(Database rows, AttachmentDeclaration declaration, List<Blob> attached) {
        List<NamedVariant> eager = declaration.variants().values().stream().filter(v -> v.process() != NamedVariant.Process.LAZILY).toList();
        List<Blob> representable = attached.stream().filter(variants::representable).toList();
        if (eager.isEmpty() || representable.isEmpty()) {
            return;
        }
        boolean ran = rows.afterCommit(() -> {
            for (Blob blob : representable) {
                for (NamedVariant variant : eager) {
                    if (variant.process() == NamedVariant.Process.LATER) {
                        enqueue(blob, variant);
                    } else {
                        // made already from the copy of new bytes; a blob attached by id is downloaded
                        makeNow(blob, variant);
                    }
                }
            }
        });
        if (!ran) {
            // a caller's bare JDBC transaction: its commit is unknown here, so every eager variant goes to a job
            representable.forEach(blob -> eager.forEach(variant -> enqueue(blob, variant)));
        }
    }

    private void makeNow(Blob blob, NamedVariant variant) {
        try {
            variants.representation(blob, variant.transformations()).processed();
        } catch (RuntimeException e) {
            LOG.warn("variant '{}' of blob {} could not be made; its first request tries again: {}", variant.name(), blob.id(),
                    e.getMessage());
        }
    }

    private void enqueue(Blob blob, NamedVariant variant) {
        try {
            jobs.enqueue(ProcessVariantJob.of(blob, variant.transformations()));
        } catch (RuntimeException e) {
            LOG.warn("variant '{}' of blob {} could not be queued; its first request makes it: {}", variant.name(), blob.id(), e.toString());
        }
    }
}

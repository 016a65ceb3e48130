package dev.affix.cli;

import dev.affix.Affix;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.blob.Blob;
import dev.affix.variant.NamedVariant;
import dev.affix.variant.Variants;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pass of {@code variants --preprocess}: makes the named variants of a declaration's files that
 * have not been made, a page of attachments at a time, learning what each page has made in one
 * statement rather than a query per file. A file that cannot be transformed is counted and named,
 * and the pass goes on.
 */
final class VariantPreprocessing {

    private static final int BATCH = 500;

    private final Affix affix;
    private final Variants variants;
    private final ProgressBar progress;
    private long made;
    private long already;
    private long failed;
    private long notRepresentable;

    VariantPreprocessing(Affix affix, ProgressBar progress) {
        this.affix = affix;
        this.variants = affix.variants();
        this.progress = progress;
    }

    void run(AttachmentDeclaration declaration, List<NamedVariant> wanted) {
        long afterId = 0;
        List<Attachment> page;
        do {
            page = affix.attachments(declaration, afterId, BATCH);
            Map<Long, Map<String, Blob>> images = variants.processedImages(page.stream().map(Attachment::blob).toList());
            // a file attached twice in the page is made once
            Set<String> madeHere = new HashSet<>();
            for (Attachment attached : page) {
                Map<String, Blob> madeBefore = images.getOrDefault(attached.blob().id(), Map.of());
                for (NamedVariant variant : wanted) {
                    make(attached, variant, madeBefore, madeHere);
                }
                progress.step();
                afterId = attached.id();
            }
        } while (page.size() == BATCH);
    }

    private void make(Attachment attached, NamedVariant variant, Map<String, Blob> madeBefore, Set<String> madeHere) {
        Blob blob = attached.blob();
        if (!variants.representable(blob)) {
            notRepresentable++;
            return;
        }
        String digest = variant.transformations().digest();
        if (madeBefore.containsKey(digest) || madeHere.contains(blob.id() + " " + digest)) {
            already++;
            return;
        }
        try {
            variants.representation(blob, variant.transformations()).processed();
            madeHere.add(blob.id() + " " + digest);
            made++;
        } catch (RuntimeException e) {
            failed++;
            progress.println("affix: variant '" + variant.name() + "' of '" + blob.filename() + "' (blob " + blob.id() + ", attached to "
                    + attached.record() + ") could not be made: " + e.getMessage());
        }
    }

    long failed() {
        return failed;
    }

    Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("made", made);
        summary.put("already", already);
        summary.put("failed", failed);
        summary.put("skipped_not_representable", notRepresentable);
        return summary;
    }
}

package dev.affix.cli;

import dev.affix.Affix;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.blob.Blob;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The pass of {@code variants --purge-unused}: over a declaration's files, the made variants whose
 * transformations no named variant names in any declaration the file is attached under. A file also
 * attached under a slot the configuration does not declare (declared in code, or a Rails model) is
 * left alone: what that slot uses cannot be known here.
 */
final class UnusedVariants {

    private static final int BATCH = 500;

    private final Affix affix;
    private final ProgressBar progress;
    private final boolean dryRun;
    private final Consumer<Map<String, Object>> listing;
    private final Map<String, Set<String>> declaredDigests;
    // a file attached under two declarations is met twice; its variants are listed once
    private final Set<Long> listed = new HashSet<>();
    private long checked;
    private long unused;
    private long bytes;

    /** @param listing where each unused variant goes, as it is found (and deleted, unless {@code dryRun}) */
    UnusedVariants(Affix affix, ProgressBar progress, boolean dryRun, Consumer<Map<String, Object>> listing) {
        this.affix = affix;
        this.progress = progress;
        this.dryRun = dryRun;
        this.listing = listing;
        this.declaredDigests = affix.declarations().all().stream().collect(Collectors.toMap(AttachmentDeclaration::qualifiedName,
                d -> d.variants().values().stream().map(v -> v.transformations().digest()).collect(Collectors.toSet())));
    }

    void run(AttachmentDeclaration declaration) {
        long afterId = 0;
        List<Attachment> page;
        do {
            page = affix.attachments(declaration, afterId, BATCH);
            Map<Long, Map<String, Blob>> images = affix.variants().processedImages(page.stream().map(Attachment::blob).toList());
            Map<Long, Set<String>> slots = new HashMap<>();
            for (Attachment user : affix.attachmentsOfBlobs(images.keySet())) {
                slots.computeIfAbsent(user.blob().id(), id -> new HashSet<>()).add(user.record().type() + "." + user.name());
            }
            Set<Long> judged = new HashSet<>();
            for (Attachment attached : page) {
                long original = attached.blob().id();
                if (judged.add(original)) {
                    Optional<Set<String>> used = used(slots.getOrDefault(original, Set.of()));
                    images.getOrDefault(original, Map.of())
                            .forEach((digest, image) -> judge(declaration, attached, digest, image, used));
                }
                progress.step();
                afterId = attached.id();
            }
        } while (page.size() == BATCH);
    }

    /** The digests the file's declarations name; empty when one of its slots is undeclared (or it was detached meanwhile). */
    private Optional<Set<String>> used(Set<String> slots) {
        Set<String> used = new HashSet<>();
        for (String slot : slots) {
            Set<String> declared = declaredDigests.get(slot);
            if (declared == null) {
                return Optional.empty();
            }
            used.addAll(declared);
        }
        return slots.isEmpty() ? Optional.empty() : Optional.of(used);
    }

    private void judge(AttachmentDeclaration declaration, Attachment attached, String digest, Blob image, Optional<Set<String>> used) {
        checked++;
        if (used.isEmpty() || used.get().contains(digest) || !listed.add(image.id())) {
            return;
        }
        if (!dryRun && !affix.variants().purge(attached.blob(), digest)) {
            // purged meanwhile, with its original
            return;
        }
        unused++;
        bytes += image.byteSize();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("original_id", attached.blob().id());
        line.put("original_filename", attached.blob().filename());
        line.put("attachment", declaration.qualifiedName());
        line.put("record", attached.record().toString());
        line.put("variation_digest", digest);
        line.put("image", image.asJson());
        listing.accept(line);
    }

    Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("checked", checked);
        summary.put(dryRun ? "would_purge" : "purged", unused);
        summary.put("byte_size", bytes);
        return summary;
    }
}

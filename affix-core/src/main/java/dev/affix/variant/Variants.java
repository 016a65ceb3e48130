package dev.affix.variant;

import dev.affix.attachment.Attachment;
import dev.affix.attachment.AttachmentRepository;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.blob.BlobDeletion;
import dev.affix.blob.BlobNotFoundException;
import dev.affix.blob.BlobRepository;
import dev.affix.blob.Blobs;
import dev.affix.blob.NewBlob;
import dev.affix.blob.PendingDeletion;
import dev.affix.db.Database;
import dev.affix.db.Dialect;
import dev.affix.db.SqlWork;
import dev.affix.json.Json;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.ContentTypes;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.TempDownload;
import dev.affix.tool.PrivateDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Variants and previews of blobs: {@code affix.variants()}. A {@link Representation} is known without
 * processing; it is made on first request, by one thread of this process however many ask (the
 * others wait for its result), and recorded as Rails does (a variant record whose {@code image}
 * attachment holds the variant's blob), so a Rails application sharing the tables sees it. Across
 * processes, the first to record a variant wins and the others delete what they made.
 *
 * <p>Keys of variants and previews are derived from the original's key once, when they are made:
 * beside it, under the same tenant prefix, never looked up at storage time.
 */
public final class Variants {

    /** The purpose variation keys are signed for, so that no other token is taken for one. */
    public static final String VARIATION_PURPOSE = "variation";
    private static final Logger LOG = LoggerFactory.getLogger(Variants.class);
    private static final Duration FAILURE_MEMORY = Duration.ofMinutes(1);
    private static final int MAX_REMEMBERED_FAILURES = 10_000;

    private final Database own;
    private final Blobs blobs;
    private final BlobRepository blobRows;
    private final AttachmentRepository attachments;
    private final VariantRecordRepository records;
    private final MessageSigner signer;
    private final VariantProcessor processor;
    private final List<Previewer> previewers;
    private final ProcessingLimits limits;
    private final Semaphore transforming;
    private final Clock clock;
    private final Map<String, CompletableFuture<Blob>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();

    /** A transformation that failed: asked again before {@code until}, it fails the same way without running. */
    private record Failure(Instant until, String message) {
    }

    /**
     * @param processor     the variant processor, or null when none is installed (nothing is variable then)
     * @param maxConcurrent how many transformations and previews run at once in this process; more wait
     */
    public Variants(Database own, Dialect dialect, Blobs blobs, BlobRepository blobRows, AttachmentRepository attachments,
            MessageSigner signer, VariantProcessor processor, List<Previewer> previewers, ProcessingLimits limits, int maxConcurrent,
            Clock clock) {
        this.own = own;
        this.blobs = blobs;
        this.blobRows = blobRows;
        this.attachments = attachments;
        this.records = new VariantRecordRepository(blobRows.schema(), dialect, blobRows);
        this.signer = signer;
        this.processor = processor;
        this.previewers = List.copyOf(previewers);
        this.limits = limits;
        this.transforming = new Semaphore(maxConcurrent, true);
        this.clock = clock;
    }

    /** The processor's name ({@code vips}, {@code java}), or empty when none is installed. */
    public Optional<String> processorName() {
        return Optional.ofNullable(processor).map(VariantProcessor::name);
    }

    /** The previewers, in the order they are asked. */
    public List<Previewer> previewers() {
        return previewers;
    }

    /**
     * The signed key that names transformations in URLs; it does not expire. With a Rails
     * application's format configured, it is the key Rails' {@code ActiveStorage::Variation} makes.
     */
    public String variationKey(Transformations transformations) {
        return signer.foreign().map(foreign -> foreign.sign(transformations.toMap(), VARIATION_PURPOSE, null))
                .orElseGet(() -> signer.sign(VARIATION_PURPOSE, Map.of("t", Json.write(transformations.toMap()))));
    }

    /**
     * The transformations a genuine variation key names, Affix's or the Rails application's; empty for
     * a tampered or foreign key, before anything else happens.
     */
    @SuppressWarnings("unchecked")
    public Optional<Transformations> transformations(String variationKey) {
        return signer.verify(VARIATION_PURPOSE, variationKey).flatMap(claims -> parsed(() -> Json.readObject(claims.get("t"))))
                .or(() -> signer.foreign().flatMap(foreign -> foreign.verify(variationKey, VARIATION_PURPOSE))
                        // a foreign message's maps have String keys
                        .flatMap(verified -> verified.value() instanceof Map<?, ?> map ? parsed(() -> (Map<String, ?>) map) : Optional.empty()));
    }

    private static Optional<Transformations> parsed(Supplier<Map<String, ?>> map) {
        try {
            return Optional.of(Transformations.parse(map.get()));
        } catch (RuntimeException e) {
            // signed, yet not a vocabulary this version reads: treated as unknown
            return Optional.empty();
        }
    }


    /** Whether the blob is an image the processor reads: active formats (SVG) never are. */
    public boolean variable(Blob blob) {
        return processor != null && !ContentTypes.isActive(blob.contentType()) && processor.reads(blob.contentType());
    }

    /** Whether a previewer draws the blob. */
    public boolean previewable(Blob blob) {
        return processor != null && previewer(blob).isPresent();
    }

    /** Whether the blob has variants or previews. */
    public boolean representable(Blob blob) {
        return variable(blob) || previewable(blob);
    }

    /**
     * A variant of an image.
     *
     * @throws NotRepresentableException if the blob is not an image the processor reads
     */
    public Representation variant(Blob blob, Transformations transformations) {
        if (!variable(blob)) {
            throw new NotRepresentableException("blob " + blob.id() + " (" + blob.contentType() + ") has no variants: "
                    + (processor == null ? "no variant processor is installed (add affix-image or affix-vips)"
                    : "the '" + processor.name() + "' processor does not read " + blob.contentType()));
        }
        return new Representation(this, blob, transformations, Representation.Kind.VARIANT);
    }

    /**
     * A variant of the blob's preview image.
     *
     * @throws NotRepresentableException if no previewer draws the blob
     */
    public Representation preview(Blob blob, Transformations transformations) {
        if (!previewable(blob)) {
            throw new NotRepresentableException("blob " + blob.id() + " (" + blob.contentType() + ") has no preview: no previewer "
                    + "accepts it" + (previewers.isEmpty() ? " (none is installed: add affix-pdf or affix-media)" : ""));
        }
        return new Representation(this, blob, transformations, Representation.Kind.PREVIEW);
    }

    /**
     * A variant of an image, or of the preview image of anything a previewer draws.
     *
     * @throws NotRepresentableException if it is neither, naming its type
     */
    public Representation representation(Blob blob, Transformations transformations) {
        if (variable(blob)) {
            return variant(blob, transformations);
        }
        if (previewable(blob)) {
            return preview(blob, transformations);
        }
        throw new NotRepresentableException("blob " + blob.id() + " (" + blob.contentType() + ") cannot be represented as an image: "
                + "no variant processor reads it and no previewer draws it");
    }

    /**
     * The made images of many blobs' variants and previews, in one statement: by blob id, then by
     * variation digest ({@link Transformations#digest()}). For pages that list many records with a
     * thumbnail each, without a query per record.
     */
    public Map<Long, Map<String, Blob>> processedImages(Collection<Blob> originals) {
        List<Long> ids = originals.stream().map(Blob::id).distinct().toList();
        return own.read(c -> records.images(c, ids));
    }

    /**
     * Deletes one made variant of the original (its record, its image's attachment, and the image's
     * blob unless something else uses it: rows now, bytes after the commit), as when a declaration no
     * longer names it. Holds the original's row lock, as recording a variant does. False if there was none.
     */
    public boolean purge(Blob original, String digest) {
        List<PendingDeletion> deletions = new ArrayList<>();
        boolean purged = own.inTransaction(c -> {
            Optional<Long> record = blobRows.lock(c, original.id()) ? records.find(c, original.id(), digest) : Optional.empty();
            if (record.isEmpty()) {
                return false;
            }
            RecordRef owner = RecordRef.of(BlobDeletion.VARIANT_RECORD, record.get());
            List<Attachment> images = attachments.find(c, owner, BlobDeletion.VARIANT_IMAGE);
            for (Attachment image : images) {
                attachments.delete(c, image.id());
            }
            records.delete(c, record.get());
            for (Attachment image : images) {
                if (!attachments.isAttached(c, image.blob().id())) {
                    deletions.addAll(blobs.deletion().delete(c, image.blob()));
                }
            }
            return true;
        });
        blobs.deleteAfterCommit(deletions);
        return purged;
    }

    /** The format written for a source of this content type: the declared one, or a fallback the processor writes. */
    OutputFormat formatFor(String contentType, Transformations transformations) {
        OutputFormat wanted = transformations.outputFormat(contentType);
        if (processor == null || processor.writes(wanted)) {
            return wanted;
        }
        OutputFormat fallback = (wanted == OutputFormat.WEBP || wanted == OutputFormat.AVIF) && processor.writes(OutputFormat.JPEG)
                ? OutputFormat.JPEG : OutputFormat.PNG;
        LOG.debug("the '{}' processor does not write {}: writing {} instead", processor.name(), wanted, fallback);
        return fallback;
    }

    Optional<Blob> image(Representation representation) {
        Blob original = representation.original();
        String digest = representation.transformations().digest();
        if (representation.kind() == Representation.Kind.VARIANT) {
            return own.read(c -> records.image(c, original.id(), digest));
        }
        return previewImage(original).flatMap(preview -> own.read(c -> records.image(c, preview.id(), digest)));
    }

    Blob process(Representation representation) {
        return process(representation, null);
    }

    /** @param copy a verified local copy of the original's bytes to read instead of downloading them, or null */
    Blob process(Representation representation, Path copy) {
        Blob source = representation.kind() == Representation.Kind.VARIANT ? representation.original()
                : previewImage(representation.original()).orElseGet(() -> makePreview(representation.original(), copy));
        // a preview's variant reads the preview image, never the copy of the original
        Path sourceCopy = representation.kind() == Representation.Kind.VARIANT ? copy : null;
        Transformations transformations = representation.transformations();
        String digest = transformations.digest();
        Optional<Blob> made = own.read(c -> records.image(c, source.id(), digest));
        if (made.isPresent()) {
            return made.get();
        }
        return once("variant " + source.id() + " " + digest, () -> own.read(c -> records.image(c, source.id(), digest))
                .orElseGet(() -> makeVariant(source, transformations, digest, sourceCopy)));
    }

    private Optional<Blob> previewImage(Blob original) {
        return own.read(c -> attachments.find(c, RecordRef.of(BlobDeletion.BLOB_RECORD, original.id()), BlobDeletion.PREVIEW_IMAGE))
                .stream().findFirst().map(Attachment::blob);
    }

    private Optional<Previewer> previewer(Blob blob) {
        return previewers.stream().filter(p -> p.accepts(blob)).findFirst();
    }

    private Blob makeVariant(Blob source, Transformations transformations, String digest, Path copy) {
        OutputFormat format = formatFor(source.contentType(), transformations);
        // the caller's copy is the caller's to delete; a download is deleted here (a null resource is not closed)
        try (TempDownload downloaded = copy == null ? blobs.open(source) : null;
             PrivateDirectory work = PrivateDirectory.create("affix-variant-")) {
            Path original = copy != null ? copy : downloaded.path();
            Path target = work.path().resolve("variant." + format.extension());
            limited(() -> processor.transform(new TransformRequest(original, source.contentType(), transformations, format, target,
                    limits)));
            Blob image = store(target, source, format, "variants");
            return recordVariant(source, digest, image);
        } catch (IOException e) {
            throw new UncheckedIOException("making a variant of blob " + source.id() + " failed: " + e.getMessage(), e);
        }
    }

    private Blob makePreview(Blob original, Path localCopy) {
        return once("preview " + original.id(), () -> previewImage(original).orElseGet(() -> {
            Previewer previewer = previewer(original).orElseThrow(() -> new NotRepresentableException("no previewer accepts blob "
                    + original.id() + " (" + original.contentType() + ")"));
            try (TempDownload downloaded = localCopy == null ? blobs.open(original) : null;
                 PrivateDirectory work = PrivateDirectory.create("affix-preview-")) {
                Path source = localCopy != null ? localCopy : downloaded.path();
                Path target = work.path().resolve("preview");
                OutputFormat[] format = new OutputFormat[1];
                limited(() -> format[0] = previewer.preview(new PreviewRequest(original, source, target, limits)));
                if (!Files.isRegularFile(target) || Files.size(target) == 0) {
                    throw new TransformationFailedException("the '" + previewer.name() + "' previewer wrote no image for blob "
                            + original.id());
                }
                Blob image = store(target, original, format[0], "previews");
                return recordPreview(original, image);
            } catch (IOException e) {
                throw new UncheckedIOException("making a preview of blob " + original.id() + " failed: " + e.getMessage(), e);
            }
        }));
    }

    /** Stores a made image beside its source, in the source's service. */
    private Blob store(Path file, Blob source, OutputFormat format, String folder) throws IOException {
        String base = source.filename().lastIndexOf('.') > 0 ? source.filename().substring(0, source.filename().lastIndexOf('.'))
                : source.filename();
        try (InputStream in = Files.newInputStream(file)) {
            return blobs.create(in, NewBlob.named(base + "." + format.extension()).withContentType(format.contentType())
                    .withoutIdentification().inService(source.serviceName()).withKey(besideKey(source.key(), folder)));
        }
    }

    /**
     * A new key beside {@code key}: in its folder (the tenant's, the template's), under
     * {@code FOLDER/LAST_SEGMENT/}, so the made image lives where its original does, and never at a
     * path the original's key could take (a key never holds both {@code a/b} and {@code a/b/c}).
     */
    static String besideKey(String key, String folder) {
        int slash = key.lastIndexOf('/');
        String parent = slash < 0 ? "" : key.substring(0, slash + 1);
        return StorageKeys.requireValidKey(parent + folder + "/" + key.substring(slash + 1) + "/" + StorageKeys.random());
    }

    /** Records the variant unless another process recorded it first; then this one's image is deleted and the winner's returned. */
    private Blob recordVariant(Blob source, String digest, Blob image) {
        return keepFirst(source, image, c -> {
            Optional<Blob> recorded = records.image(c, source.id(), digest);
            if (recorded.isEmpty()) {
                // a record without its image (a crash between Rails' two inserts) gets this one
                Optional<Long> existing = records.find(c, source.id(), digest);
                long record = existing.isPresent() ? existing.get() : records.insert(c, source.id(), digest);
                attachments.insert(c, RecordRef.of(BlobDeletion.VARIANT_RECORD, record), BlobDeletion.VARIANT_IMAGE, image, now());
            }
            return recorded;
        });
    }

    /** Records the preview image unless another process recorded one first. */
    private Blob recordPreview(Blob original, Blob image) {
        return keepFirst(original, image, c -> {
            RecordRef record = RecordRef.of(BlobDeletion.BLOB_RECORD, original.id());
            Optional<Blob> recorded = attachments.find(c, record, BlobDeletion.PREVIEW_IMAGE).stream().findFirst().map(Attachment::blob);
            if (recorded.isEmpty()) {
                attachments.insert(c, record, BlobDeletion.PREVIEW_IMAGE, image, now());
            }
            return recorded;
        });
    }

    /**
     * Under the source's row lock (as purging it takes), {@code record} either records {@code made}
     * or returns what another process recorded first; then {@code made} is deleted and that is
     * returned. If the source is gone, or recording fails, {@code made} is deleted too.
     */
    private Blob keepFirst(Blob source, Blob made, SqlWork<Optional<Blob>> record) {
        Optional<Blob> first;
        try {
            first = own.inTransaction(c -> {
                if (!blobRows.lock(c, source.id())) {
                    throw new BlobNotFoundException(source.id());
                }
                return record.run(c);
            });
        } catch (RuntimeException e) {
            blobs.purge(made);
            throw e;
        }
        first.ifPresent(winner -> blobs.purge(made));
        return first.orElse(made);
    }

    /**
     * Runs {@code work} once in this process for {@code key}: concurrent callers wait for the running
     * one's result. A failure is remembered for a minute, so a file that cannot be transformed is not
     * transformed again by every request that asks.
     */
    private Blob once(String key, Supplier<Blob> work) {
        Failure failure = failures.get(key);
        if (failure != null) {
            if (clock.instant().isBefore(failure.until())) {
                throw new TransformationFailedException(failure.message() + " (not tried again before " + failure.until() + ")");
            }
            failures.remove(key, failure);
        }
        CompletableFuture<Blob> mine = new CompletableFuture<>();
        CompletableFuture<Blob> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            Blob result = work.get();
            mine.complete(result);
            return result;
        } catch (RuntimeException e) {
            if (e instanceof TransformationFailedException) {
                if (failures.size() >= MAX_REMEMBERED_FAILURES) {
                    failures.clear();
                }
                failures.put(key, new Failure(clock.instant().plus(FAILURE_MEMORY), e.getMessage()));
            }
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** Runs a transformation or preview within the limit of concurrent ones. */
    private void limited(Runnable work) {
        try {
            transforming.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransformationFailedException("interrupted while waiting to transform", e);
        }
        try {
            work.run();
        } finally {
            transforming.release();
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

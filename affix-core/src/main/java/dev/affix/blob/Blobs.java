package dev.affix.blob;

import dev.affix.attachment.AttachmentRepository;
import dev.affix.checksum.Checksum;
import dev.affix.db.Database;
import dev.affix.job.JobRunner;
import dev.affix.storage.AllowedContentTypes;
import dev.affix.storage.ByteRange;
import dev.affix.storage.DirectUploadRequest;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.StorageService;
import dev.affix.storage.StorageServices;
import dev.affix.storage.StoredObject;
import dev.affix.storage.TempDownload;
import dev.affix.storage.UploadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Blobs: stored files and their rows. Creating one uploads the bytes first, then writes the row, so a
 * row never points at bytes that are not there; a failure in between leaves an unattached blob, or
 * nothing, never the reverse.
 */
public final class Blobs {

    private final Database own;
    private final BlobRepository rows;
    private final AttachmentRepository attachments;
    private final StorageServices services;
    private final SignedIds signedIds;
    private final ContentTypeIdentifier identifier;
    private final ByteJanitor janitor;
    private final JobRunner jobs;
    private final Clock clock;
    private final AllowedContentTypes directUploadTypes;
    private final BlobDeletion deletion;

    /** @param directUploadTypes the types that a direct upload's bytes, once identified, may have */
    public Blobs(Database own, BlobRepository rows, AttachmentRepository attachments, StorageServices services, SignedIds signedIds,
            ContentTypeIdentifier identifier, ByteJanitor janitor, JobRunner jobs, Clock clock, AllowedContentTypes directUploadTypes) {
        this.own = own;
        this.rows = rows;
        this.attachments = attachments;
        this.services = services;
        this.signedIds = signedIds;
        this.identifier = identifier;
        this.janitor = janitor;
        this.jobs = jobs;
        this.clock = clock;
        this.directUploadTypes = directUploadTypes;
        this.deletion = new BlobDeletion(rows.schema(), rows, attachments, janitor);
    }

    /** Deletes blob rows with their variants and previews, in a caller's transaction (an attachment change). */
    public BlobDeletion deletion() {
        return deletion;
    }

    /**
     * Streams the bytes into the service (checksum and size computed on the way), then records the
     * blob. A key that already holds an object (another blob's) is refused with
     * {@link KeyExistsException} before anything is changed.
     */
    public Blob create(InputStream in, NewBlob spec) {
        return create(in, spec, null);
    }

    /**
     * {@link #create(InputStream, NewBlob)}, writing the bytes into {@code copy} too as they stream
     * past; the copy is verified against the blob's checksum before the blob is recorded.
     */
    public Blob create(InputStream in, NewBlob spec, LocalCopy copy) {
        return create(in, spec, copy, candidate -> { });
    }

    /**
     * {@link #create(InputStream, NewBlob, LocalCopy)} ({@code copy} may be null), with {@code check}
     * run on the stored bytes' facts (identified type, size, checksum) before the blob is recorded: if
     * it throws, the object is deleted, no row is written, and its exception is thrown.
     */
    public Blob create(InputStream in, NewBlob spec, LocalCopy copy, Consumer<Blob> check) {
        StorageService service = spec.service() == null ? services.defaultService() : services.get(spec.service());
        String key = spec.key() == null ? StorageKeys.random() : StorageKeys.requireValidKey(spec.key());
        String filename = Filenames.sanitize(spec.filename());
        Map<String, Object> metadata = metadata(spec, filename);
        String contentType;
        StoredObject stored;
        PendingDeletion reservation = janitor.reserveUpload(service.name(), key);
        try {
            UploadOptions options = UploadOptions.defaults().withOverwrite(false);
            if (spec.checksum() != null) {
                options = options.withChecksum(spec.checksum());
            }
            InputStream source = copy == null ? in : copy.capture(in, options.algorithm());
            if (spec.identify()) {
                ContentTypeIdentifier.Identified identified = identifier.identify(source, filename, spec.declaredContentType());
                source = identified.stream();
                contentType = identified.contentType();
                metadata.put(BlobMetadata.IDENTIFIED, true);
            } else {
                contentType = spec.declaredContentType() == null ? ContentTypeIdentifier.UNKNOWN : spec.declaredContentType();
            }
            // never overwriting: the object at the key is then this call's own, safe to delete below
            stored = service.upload(key, source, options.withMetadata(new ObjectMetadata(contentType, filename, null, spec.metadata())));
        } catch (KeyExistsException e) {
            janitor.refused(reservation);
            throw e;
        } catch (IOException e) {
            throw new StorageException("could not read the upload of '" + filename + "': " + e.getMessage(), e);
        }
        BlobRepository.NewRow row = new BlobRepository.NewRow(key, filename, contentType, metadata, service.name(), stored.byteSize(),
                stored.checksum(), now());
        try {
            if (copy != null) {
                copy.verify(stored.checksum());
            }
            check.accept(new Blob(0, row.key(), row.filename(), row.contentType(), row.metadata(), row.serviceName(), row.byteSize(),
                    row.checksum(), row.createdAt()));
            return own.inTransaction(c -> {
                janitor.keepUpload(c, reservation);
                return rows.insert(c, row);
            });
        } catch (RuntimeException e) {
            try {
                service.delete(key);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
                jobs.enqueue(DeleteObjectJob.of(service.name(), key));
            }
            throw e;
        }
    }

    /** Records a blob whose bytes a browser will upload directly; it stays unattached until then. */
    public Blob createBeforeDirectUpload(String filename, long byteSize, Checksum checksum, String contentType,
            Map<String, String> metadata, String serviceName) {
        return createBeforeDirectUpload(filename, byteSize, checksum, contentType, metadata, serviceName, StorageKeys.random(), null);
    }

    /** {@link #createBeforeDirectUpload} at a given key. */
    public Blob createBeforeDirectUpload(String filename, long byteSize, Checksum checksum, String contentType,
            Map<String, String> metadata, String serviceName, String key) {
        return createBeforeDirectUpload(filename, byteSize, checksum, contentType, metadata, serviceName, key, null);
    }

    /**
     * {@link #createBeforeDirectUpload} for a declared attachment ({@code Type.name}, null for none): at the
     * key its template made, and noted in the blob's metadata ({@link BlobMetadata#DIRECT_UPLOAD_FOR}), so
     * that attaching it to another attachment copies it rather than leave it in this one's service and keys.
     */
    public Blob createBeforeDirectUpload(String filename, long byteSize, Checksum checksum, String contentType,
            Map<String, String> metadata, String serviceName, String key, String attachment) {
        StorageKeys.requireValidKey(key);
        StorageService service = serviceName == null ? services.defaultService() : services.get(serviceName);
        String clean = Filenames.sanitize(filename);
        Map<String, Object> rowMetadata = metadata(NewBlob.named(filename).withMetadata(metadata), clean);
        if (attachment != null) {
            rowMetadata.put(BlobMetadata.DIRECT_UPLOAD_FOR, attachment);
        }
        BlobRepository.NewRow row = new BlobRepository.NewRow(key, clean,
                contentType == null || contentType.isBlank() ? ContentTypeIdentifier.UNKNOWN : contentType, rowMetadata,
                service.name(), byteSize, checksum, now());
        return own.inTransaction(c -> rows.insert(c, row));
    }

    /**
     * Records, in the caller's transaction, the blob of bytes that are already stored and verified at
     * {@code key} (a finished resumable upload). Like a direct upload's, its type is identified from the
     * bytes when it is attached.
     */
    public Blob recordStored(Connection connection, String serviceName, String key, String filename, String contentType,
            Map<String, String> metadata, long byteSize, Checksum checksum) throws SQLException {
        String clean = Filenames.sanitize(filename);
        BlobRepository.NewRow row = new BlobRepository.NewRow(StorageKeys.requireValidKey(key), clean,
                contentType == null || contentType.isBlank() ? ContentTypeIdentifier.UNKNOWN : contentType,
                metadata(NewBlob.named(filename).withMetadata(metadata), clean), services.get(serviceName).name(), byteSize, checksum, now());
        return rows.insert(connection, row);
    }

    /** Where and how the browser uploads the bytes of a blob made by {@link #createBeforeDirectUpload}. */
    public DirectUploadTarget directUploadTarget(Blob blob, Duration expiresIn) {
        return service(blob).directUpload(blob.key(), new DirectUploadRequest(blob.byteSize(), blob.checksum(), blob.contentType(),
                objectMetadata(blob), expiresIn));
    }

    /** What a service stores beside the blob's bytes: its type, filename and custom metadata. */
    public ObjectMetadata objectMetadata(Blob blob) {
        return new ObjectMetadata(blob.contentType(), blob.filename(), null, blob.customMetadata());
    }

    public Optional<Blob> find(long id) {
        return own.read(c -> rows.find(c, id));
    }

    public Blob require(long id) {
        return find(id).orElseThrow(() -> new BlobNotFoundException(id));
    }

    /** A signed id for forms and URLs, bound to a purpose, expiring or not (null). */
    public String signedId(Blob blob, String purpose, Duration expiresIn) {
        return signedIds.sign(blob, purpose, expiresIn);
    }

    /** A permanent signed id for the {@link SignedIds#BLOB_ID} purpose. */
    public String signedId(Blob blob) {
        return signedIds.sign(blob, SignedIds.BLOB_ID, null);
    }

    /** The blob a genuine signed id names; empty for a tampered, expired or wrong-purpose id. */
    public Optional<Blob> findSigned(String signedId, String purpose) {
        return signedIds.read(signedId, purpose).flatMap(id -> find(id.blobId()).filter(id::names));
    }

    public Optional<Blob> findSigned(String signedId) {
        return findSigned(signedId, SignedIds.BLOB_ID);
    }

    public StorageService service(Blob blob) {
        return services.get(blob.serviceName());
    }

    /** A configured service by name. */
    public StorageService service(String name) {
        return services.get(name);
    }

    public InputStream download(Blob blob) {
        return service(blob).download(blob.key());
    }

    public InputStream download(Blob blob, ByteRange range) {
        return service(blob).download(blob.key(), range);
    }

    /** The bytes in a private temporary file, checksum verified; closing the result deletes it. */
    public TempDownload open(Blob blob) {
        return service(blob).downloadToTempFile(blob.key(), blob.checksum());
    }

    /**
     * Admits the bytes of a direct upload for attaching: identifies their type, which must pass the
     * direct-upload allow-list as the declared type had to. A refused blob is purged (unless something
     * already uses it) and {@link ContentTypeNotAllowedException} raised.
     */
    public Blob admitDirectUpload(Blob blob) {
        Blob identified = identify(blob);
        if (directUploadTypes.allows(identified.contentType())) {
            return identified;
        }
        try {
            purge(identified);
        } catch (BlobInUseException attachedElsewhere) {
            // kept for the attachment it already has; this attach is refused all the same
        }
        throw new ContentTypeNotAllowedException(identified.filename(), blob.contentType(), identified.contentType(),
                directUploadTypes.sorted());
    }

    /**
     * Identifies the type of a blob whose bytes arrived without Affix reading them (a direct upload),
     * and when it differs from the declared one, corrects what the service stores beside the object
     * too, so that the service never serves the bytes under the type the client claimed.
     */
    public Blob identify(Blob blob) {
        if (blob.identified()) {
            return blob;
        }
        byte[] head;
        try (InputStream in = blob.byteSize() == 0 ? InputStream.nullInputStream()
                : download(blob, ByteRange.inclusive(0, ContentTypeIdentifier.HEAD_BYTES - 1))) {
            head = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String type = identifier.identify(head, blob.filename(), blob.contentType());
        if (!type.equals(blob.contentType())) {
            service(blob).updateMetadata(blob.key(), objectMetadata(new Blob(blob.id(), blob.key(), blob.filename(), type,
                    blob.metadata(), blob.serviceName(), blob.byteSize(), blob.checksum(), blob.createdAt())));
        }
        return own.inTransaction(c -> rows.mergeMetadata(c, blob.id(), type, Map.of(BlobMetadata.IDENTIFIED, true)))
                .orElseThrow(() -> new BlobNotFoundException(blob.id()));
    }

    /**
     * Merges facts into the blob's metadata, key by key, without losing what others wrote meanwhile
     * (identification, analysis, custom metadata): read and written under the row's lock. Empty if
     * the blob is gone.
     */
    public Optional<Blob> mergeMetadata(long id, Map<String, Object> facts) {
        return own.inTransaction(c -> rows.mergeMetadata(c, id, null, facts));
    }

    /** Whether an attachment that has committed uses the blob. */
    public boolean isAttached(Blob blob) {
        return own.read(c -> attachments.isAttached(c, blob.id()));
    }

    /** Deletes an unattached blob with its variants and preview: their rows, then, once that has committed, their bytes. */
    public void purge(Blob blob) {
        List<PendingDeletion> deletions = own.inTransaction(c -> {
            if (!rows.lock(c, blob.id())) {
                return List.<PendingDeletion>of();
            }
            if (attachments.isAttached(c, blob.id())) {
                throw new BlobInUseException(blob.id());
            }
            return deletion.delete(c, blob);
        });
        janitor.deleteAfterCommit(own, deletions);
    }

    /** Deletes the bytes of blob rows that a transaction of Affix's own just deleted (through {@link #deletion()}), now that it has committed. */
    public void deleteAfterCommit(List<PendingDeletion> deletions) {
        janitor.deleteAfterCommit(own, deletions);
    }

    /** {@link #purge} in a background job, which skips the blob if it was attached meanwhile. */
    public void purgeLater(Blob blob) {
        jobs.enqueue(PurgeBlobJob.of(blob));
    }

    /**
     * Deletes the bytes of purged blobs that still wait and are due: their deletion failed, or followed
     * a commit Affix could not see (a caller's JDBC transaction), or a process stopped first. This also
     * runs by itself, at start and periodically.
     */
    public ByteJanitor.Drained deletePendingObjects() {
        return janitor.drain();
    }

    /**
     * {@link #deletePendingObjects()}, and the bytes of uploads begun before {@code abandonedBefore}
     * whose blob was never recorded (their process stopped in between), as a cleanup does.
     */
    public ByteJanitor.Drained deletePendingObjects(Instant abandonedBefore) {
        return janitor.drain(abandonedBefore);
    }

    /** Records that the blob's bytes now live in another service, if the row still names {@code from}. */
    public boolean moveToService(Blob blob, String to) {
        services.get(to);
        return own.inTransaction(c -> rows.moveToService(c, blob.id(), blob.serviceName(), to));
    }

    /** Blobs no attachment uses that were made before the given time (abandoned uploads), oldest first. */
    public List<Blob> unattached(Instant createdBefore, int limit) {
        return unattached(createdBefore, 0, limit);
    }

    /** The next page of {@link #unattached(Instant, int)}, after the blob with id {@code afterId}. */
    public List<Blob> unattached(Instant createdBefore, long afterId, int limit) {
        return own.inTransaction(c -> rows.unattached(c, createdBefore, afterId, limit));
    }

    /** How many blobs there are (of one service, or all when null). */
    public long count(String serviceName) {
        return own.read(c -> rows.count(c, serviceName));
    }

    /** A page of all blobs (of one service, or all when null), in id order after {@code afterId}. */
    public List<Blob> page(String serviceName, long afterId, int limit) {
        return own.inTransaction(c -> rows.page(c, serviceName, afterId, limit));
    }

    private static Map<String, Object> metadata(NewBlob spec, String cleanFilename) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        Map<String, String> custom = BlobMetadata.withoutReserved(spec.metadata());
        if (!custom.isEmpty()) {
            metadata.put(BlobMetadata.CUSTOM, custom);
        }
        if (spec.filename() != null && !spec.filename().equals(cleanFilename)) {
            metadata.put(BlobMetadata.ORIGINAL_FILENAME, spec.filename());
        }
        return metadata;
    }

    /** Now, to the microsecond that the databases keep, so that a returned value equals the one read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

package dev.affix.resumable;

import dev.affix.blob.Blob;
import dev.affix.blob.BlobInUseException;
import dev.affix.blob.BlobMetadata;
import dev.affix.blob.Blobs;
import dev.affix.blob.ByteJanitor;
import dev.affix.blob.Filenames;
import dev.affix.blob.PendingDeletion;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.checksum.DigestingInputStream;
import dev.affix.checksum.ResumableMd5;
import dev.affix.db.Database;
import dev.affix.storage.DirectMultipartUploads;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ResumableUpload;
import dev.affix.storage.ResumableUploads;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.StorageService;
import dev.affix.storage.StorageServices;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UploadedPart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumable uploads: created with what the client declares, appended to chunk by chunk from any
 * process, and, once every byte is there, completed into a blob that attaches by its signed id like a
 * direct upload's. The bytes go to the service's {@link ResumableUploads} as they arrive; this class
 * records in the database how far they came, with the running MD5 of the whole file, so that the
 * blob's checksum is known the moment the last byte is stored and the file is never read again.
 *
 * <p>A request writes to an upload only under its lease ({@link UploadSessionRepository}), and
 * records progress only where it found the upload, so concurrent requests never interleave. A chunk
 * sent with a checksum is recorded all or nothing; without one, every point the service reports as
 * stored is recorded at once, so a request cut off half-way (the client gone, this process killed)
 * keeps what arrived. An upload untouched for {@link ResumableUploadSettings#expiresIn()} is
 * abandoned: {@link #expire()} deletes what its service holds.
 */
public final class UploadSessions {

    /** How long a request holds an upload while no bytes arrive, before another may take the upload over. */
    static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration RENEW_AFTER = Duration.ofSeconds(20);
    private static final int MAX_TOKEN_LENGTH = 64;
    private static final int PAGE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(UploadSessions.class);

    private final Database own;
    private final UploadSessionRepository rows;
    private final Blobs blobs;
    private final ByteJanitor janitor;
    private final StorageServices services;
    private final ResumableUploadSettings settings;
    private final Clock clock;

    public UploadSessions(Database own, UploadSessionRepository rows, Blobs blobs, ByteJanitor janitor, StorageServices services,
            ResumableUploadSettings settings, Clock clock) {
        this.own = own;
        this.rows = rows;
        this.blobs = blobs;
        this.janitor = janitor;
        this.services = services;
        this.settings = settings;
        this.clock = clock;
    }

    /** What happened to the uploads whose time ran out. */
    public record Expired(int abandoned, long abandonedBytes, int forgotten, int failed) {
    }

    public ResumableUploadSettings settings() {
        return settings;
    }

    /**
     * Begins an upload in the service (the default unless the spec names one). An empty file is
     * complete at once.
     *
     * @throws UploadTooLargeException if it is declared larger than allowed
     * @throws ResumableUploadsUnsupportedException if the service cannot take resumable uploads
     */
    public UploadSession create(NewUploadSession spec) {
        if (spec.byteSize() > settings.maxByteSize()) {
            throw new UploadTooLargeException(spec.byteSize(), settings.maxByteSize());
        }
        StorageService service = spec.serviceName() == null ? services.defaultService() : services.get(spec.serviceName());
        String key = spec.key() == null ? StorageKeys.random() : StorageKeys.requireValidKey(spec.key());
        ResumableUploads uploads = spec.byteSize() == 0 ? null : capability(service);
        String state = uploads == null ? "" : uploads.begin(key, spec.byteSize(), objectMetadata(spec.filename(), spec.contentType(),
                spec.metadata()));
        Instant now = now();
        UploadSession session;
        try {
            session = own.inTransaction(c -> rows.insert(c, StorageKeys.random(), UploadSession.Transfer.CHUNKS, spec, service.name(), key,
                    ResumableMd5.start().state(), state, now, now.plus(settings.expiresIn())));
        } catch (RuntimeException e) {
            if (uploads != null) {
                abortQuietly(uploads, new ResumableUpload(key, spec.byteSize(), 0, state, 0), e);
            }
            throw e;
        }
        if (session.byteSize() > 0) {
            return session;
        }
        Lease lease = take(session);
        try {
            return finish(session);
        } finally {
            lease.release();
        }
    }

    /**
     * Begins an upload whose parts the client sends to the service itself, on URLs Affix signs
     * ({@link #partUrl}); the service must offer {@link DirectMultipartUploads}.
     *
     * @throws UploadTooLargeException if it is declared larger than allowed
     * @throws ResumableUploadsUnsupportedException if the service cannot take such uploads
     */
    public UploadSession createDirect(NewUploadSession spec) {
        if (spec.byteSize() > settings.maxByteSize()) {
            throw new UploadTooLargeException(spec.byteSize(), settings.maxByteSize());
        }
        if (spec.byteSize() == 0) {
            throw new IllegalArgumentException("an upload in parts needs at least one byte; store an empty file directly");
        }
        StorageService service = spec.serviceName() == null ? services.defaultService() : services.get(spec.serviceName());
        String key = spec.key() == null ? StorageKeys.random() : StorageKeys.requireValidKey(spec.key());
        DirectMultipartUploads uploads = directCapability(service);
        String uploadId = uploads.begin(key, objectMetadata(spec.filename(), spec.contentType(), spec.metadata()));
        Instant now = now();
        try {
            return own.inTransaction(c -> rows.insert(c, StorageKeys.random(), UploadSession.Transfer.DIRECT_PARTS, spec, service.name(), key,
                    ResumableMd5.start().state(), uploadId, now, now.plus(settings.expiresIn())));
        } catch (RuntimeException e) {
            try {
                uploads.abort(key, uploadId);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Where the client sends part {@code partNumber} of a direct upload, valid for {@code expiresIn};
     * the upload's time starts again.
     *
     * @throws PartsMismatchException if the number is outside what the declared size can need
     */
    public URI partUrl(String token, int partNumber, Duration expiresIn) {
        UploadSession session = requireDirect(token);
        DirectMultipartUploads uploads = directCapability(services.get(session.serviceName()));
        long most = Math.min(uploads.maxParts(), (session.byteSize() + uploads.minPartSize() - 1) / uploads.minPartSize());
        if (partNumber < 1 || partNumber > most) {
            throw new PartsMismatchException("part " + partNumber + " is not between 1 and " + most + ", the most parts an upload of "
                    + session.byteSize() + " bytes can have");
        }
        Instant expiresAt = now().plus(settings.expiresIn());
        own.inTransaction(c -> {
            rows.touch(c, session.id(), expiresAt);
            return null;
        });
        return uploads.partUrl(session.key(), session.serviceState(), partNumber, expiresIn);
    }

    /** The parts of a direct upload that its service holds, in order. */
    public List<UploadedPart> parts(String token) {
        UploadSession session = requireDirect(token);
        return directCapability(services.get(session.serviceName())).parts(session.key(), session.serviceState());
    }

    /**
     * Completes a direct upload with the parts the client names, which must be exactly the parts the
     * service holds, in order, adding up to the declared size; then reads the object once to record
     * its MD5, which no byte of the upload passed Affix to compute, and records its blob.
     *
     * @throws PartsMismatchException if parts are missing, out of order, unknown to the service, or
     *                                add up to another size than declared; nothing is completed
     */
    public UploadSession completeDirect(String token, List<UploadedPart> claimed) {
        Lease lease = take(requireDirect(token));
        try {
            UploadSession session = reread(lease.session);
            if (session.isComplete()) {
                return session;
            }
            StorageService service = services.get(session.serviceName());
            DirectMultipartUploads uploads = directCapability(service);
            List<UploadedPart> stored = uploads.parts(session.key(), session.serviceState());
            requireSameParts(session, claimed, stored);
            PendingDeletion reservation = janitor.reserveUpload(service.name(), session.key());
            try {
                uploads.complete(session.key(), session.serviceState(), stored);
            } catch (KeyExistsException e) {
                janitor.refused(reservation);
                throw e;
            }
            StoredObject object = measure(service, session);
            if (object.byteSize() != session.byteSize()) {
                service.delete(session.key());
                throw new PartsMismatchException("the completed object has " + object.byteSize() + " bytes, not the " + session.byteSize()
                        + " declared; it was deleted");
            }
            return record(session, service, reservation, object.checksum());
        } finally {
            lease.release();
        }
    }

    private static void requireSameParts(UploadSession session, List<UploadedPart> claimed, List<UploadedPart> stored) {
        for (int i = 0; i < claimed.size(); i++) {
            if (claimed.get(i).number() != i + 1) {
                throw new PartsMismatchException("part " + claimed.get(i).number() + " is named where part " + (i + 1)
                        + " should be: parts must be named in order, none missing");
            }
        }
        if (claimed.size() != stored.size()) {
            throw new PartsMismatchException(claimed.size() + " parts are named, but the service holds " + stored.size());
        }
        long total = 0;
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i).number() != i + 1 || !stored.get(i).tag().equals(claimed.get(i).tag())) {
                throw new PartsMismatchException("part " + (i + 1) + " is not the one the service holds");
            }
            total += stored.get(i).byteSize();
        }
        if (total > session.byteSize()) {
            throw new UploadTooLargeException(total, session.byteSize());
        }
        if (total != session.byteSize()) {
            throw new PartsMismatchException("the parts hold " + total + " bytes, not the " + session.byteSize() + " declared");
        }
    }

    /** Reads the object once, for the MD5 every blob carries. */
    private static StoredObject measure(StorageService service, UploadSession session) {
        try (InputStream in = service.download(session.key());
             DigestingInputStream digesting = new DigestingInputStream(in, ChecksumAlgorithm.MD5)) {
            digesting.transferTo(OutputStream.nullOutputStream());
            return new StoredObject(session.key(), digesting.byteCount(), digesting.checksum());
        } catch (IOException e) {
            throw new StorageException("could not read back the completed upload at key '" + session.key() + "' in service '"
                    + service.name() + "': " + e, e);
        }
    }

    private UploadSession requireDirect(String token) {
        UploadSession session = require(token);
        if (session.transfer() != UploadSession.Transfer.DIRECT_PARTS) {
            throw new UploadSessionNotFoundException();
        }
        if (session.isComplete()) {
            throw new PartsMismatchException("the upload is complete");
        }
        return session;
    }

    /** The upload with this token, as recorded; empty if there is none. */
    public Optional<UploadSession> find(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        return own.read(c -> rows.findByToken(c, token));
    }

    /**
     * The upload with this token. One whose bytes are all there but whose completion failed before (a
     * service that failed, a process that stopped) is completed first, if no request holds it.
     *
     * @throws UploadSessionNotFoundException if there is none
     * @throws UploadSessionExpiredException if it was abandoned
     */
    public UploadSession status(String token) {
        UploadSession session = require(token);
        if (session.isComplete() || session.remaining() > 0 || session.transfer() == UploadSession.Transfer.DIRECT_PARTS) {
            return session;
        }
        Lease lease;
        try {
            lease = take(session);
        } catch (UploadSessionBusyException e) {
            return session;
        }
        try {
            UploadSession current = reread(session);
            return current.isComplete() ? current : finish(current);
        } finally {
            lease.release();
        }
    }

    /**
     * Stores a chunk of {@code length} bytes read from {@code body} at {@code offset}, which must be
     * where the upload stands, and completes the upload if that was its last byte.
     *
     * @param checksum the chunk's checksum as the client sent it, or null
     * @return the upload as it stands afterwards
     * @throws UploadOffsetMismatchException if the upload is elsewhere
     * @throws UploadSessionBusyException if another request holds the upload
     * @throws ChunkTooLongException if the chunk goes past the declared length
     * @throws ChunkChecksumMismatchException if the chunk does not match its checksum
     * @throws ChunkInterruptedException if the client stopped sending half-way
     */
    public UploadSession append(String token, long offset, InputStream body, long length, ChunkChecksum checksum) {
        Lease lease = take(require(token));
        try {
            UploadSession session = reread(lease.session);
            if (offset != session.offset()) {
                throw new UploadOffsetMismatchException(offset, session.offset());
            }
            if (length > session.remaining()) {
                throw new ChunkTooLongException(offset, length, session.byteSize());
            }
            if (length > 0) {
                session = receive(session, body, length, checksum, lease);
            }
            return session.remaining() == 0 && !session.isComplete() ? finish(session) : session;
        } finally {
            lease.release();
        }
    }

    /**
     * Ends an upload for good: an unfinished one's pieces are deleted, a finished one's blob purged
     * unless something attached it already. Its token is unknown afterwards.
     */
    public void terminate(String token) {
        UploadSession found = find(token).orElseThrow(UploadSessionNotFoundException::new);
        Lease lease = take(found);
        try {
            UploadSession session = reread(found);
            if (session.isComplete()) {
                blobs.find(session.blobId()).ifPresent(this::purgeUnlessAttached);
            } else {
                abort(session);
            }
            forget(session);
        } finally {
            lease.release();
        }
    }

    /**
     * Deletes what abandoned uploads left in their services and forgets them, and forgets finished
     * uploads whose time ran out (their blobs stay, for whatever attached them, or for the cleanup of
     * unattached blobs). An upload some request holds is left for the next time.
     */
    public Expired expire() {
        int abandoned = 0;
        long bytes = 0;
        int forgotten = 0;
        int failed = 0;
        long afterId = 0;
        List<UploadSession> page;
        do {
            page = expired(afterId, PAGE);
            for (UploadSession found : page) {
                afterId = found.id();
                Lease lease;
                try {
                    lease = take(found);
                } catch (UploadSessionBusyException e) {
                    continue;
                }
                try {
                    UploadSession session = reread(found);
                    if (!session.expiresAt().isBefore(now())) {
                        continue;
                    }
                    if (!session.isComplete()) {
                        abort(session);
                    }
                    forget(session);
                    if (session.isComplete()) {
                        forgotten++;
                    } else {
                        abandoned++;
                        bytes += session.offset();
                    }
                } catch (RuntimeException e) {
                    failed++;
                    LOG.warn("could not remove the expired resumable upload {} to key '{}' in service '{}': {}", found.id(), found.key(),
                            found.serviceName(), e.toString());
                } finally {
                    lease.release();
                }
            }
        } while (page.size() == PAGE);
        return new Expired(abandoned, bytes, forgotten, failed);
    }

    /** Uploads whose time has run out, finished or not, in id order after {@code afterId}: what {@link #expire()} would remove. */
    public List<UploadSession> expired(long afterId, int limit) {
        Instant now = now();
        return own.read(c -> rows.expired(c, now, afterId, limit));
    }

    /** Reads the chunk into the service, recording what it keeps; returns the upload as recorded afterwards. */
    private UploadSession receive(UploadSession session, InputStream body, long length, ChunkChecksum checksum, Lease lease) {
        StorageService service = services.get(session.serviceName());
        Recorder recorder = new Recorder(session, lease, checksum == null);
        SessionChunk chunk = new SessionChunk(body, session, length, checksum == null ? null : checksum.newDigest(), recorder);
        RuntimeException failure = null;
        try {
            capability(service).append(session.asUpload(), chunk);
            if (!chunk.keptWhole()) {
                failure = new StorageException("service '" + service.name() + "' returned from appending " + length + " bytes at offset "
                        + session.offset() + " without reporting them all stored");
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        if (checksum != null && failure == null) {
            if (!chunk.matches(checksum)) {
                throw new ChunkChecksumMismatchException(checksum.algorithm(), session.offset());
            }
            recorder.record(chunk.lastKept());
        }
        if (failure != null) {
            if (chunk.clientFailed()) {
                throw new ChunkInterruptedException(recorder.session.offset(), failure);
            }
            throw failure;
        }
        return recorder.session;
    }

    /** Records the points a service reports as stored: at once, or (for a chunk with a checksum) once the whole chunk matched. */
    private final class Recorder implements SessionChunk.Progress {
        private final Lease lease;
        private final boolean recordEach;
        private UploadSession session;
        private int partsRecorded;

        Recorder(UploadSession session, Lease lease, boolean recordEach) {
            this.session = session;
            this.lease = lease;
            this.recordEach = recordEach;
        }

        @Override
        public void kept(SessionChunk.Kept kept) {
            if (recordEach) {
                record(kept);
            }
        }

        @Override
        public void reading() {
            lease.renewIfDue();
        }

        void record(SessionChunk.Kept kept) {
            List<UploadedPart> fresh = kept.newParts().subList(partsRecorded, kept.newParts().size());
            Instant expiresAt = now().plus(settings.expiresIn());
            UploadSession from = session;
            String digest = kept.digest().state();
            if (!own.inTransaction(c -> rows.progress(c, from.id(), lease.holder, from.offset(), kept.offset(), digest, kept.state(),
                    kept.partCount(), fresh, expiresAt))) {
                throw new UploadSessionBusyException();
            }
            partsRecorded = kept.newParts().size();
            session = from.progressed(kept.offset(), digest, kept.state(), kept.partCount(), expiresAt);
        }
    }

    /**
     * Makes the stored bytes the object at the upload's key and records its blob, with the MD5 that
     * was computed as they arrived. The object is reserved for deletion until the blob's row is
     * written, in the same transaction that records the upload as complete.
     */
    private UploadSession finish(UploadSession session) {
        StorageService service = services.get(session.serviceName());
        ObjectMetadata metadata = objectMetadata(session.filename(), session.contentType(), session.metadata());
        Checksum checksum = ResumableMd5.restore(session.digestState()).checksum();
        PendingDeletion reservation = janitor.reserveUpload(service.name(), session.key());
        try {
            if (session.byteSize() == 0) {
                service.upload(session.key(), InputStream.nullInputStream(), UploadOptions.verifying(checksum).withByteSize(0)
                        .withMetadata(metadata));
            } else {
                List<UploadedPart> parts = own.read(c -> rows.parts(c, session.id()));
                capability(service).complete(session.asUpload(), parts, metadata, checksum);
            }
        } catch (KeyExistsException e) {
            janitor.refused(reservation);
            throw e;
        }
        return record(session, service, reservation, checksum);
    }

    /** Records the blob of a completed upload, keeping its reservation, in the transaction that marks the upload complete. */
    private UploadSession record(UploadSession session, StorageService service, PendingDeletion reservation, Checksum checksum) {
        Instant expiresAt = now().plus(settings.expiresIn());
        Blob blob = own.inTransaction(c -> {
            janitor.keepUpload(c, reservation);
            Blob recorded = blobs.recordStored(c, service.name(), session.key(), session.filename(), session.contentType(),
                    session.metadata(), session.byteSize(), checksum);
            rows.complete(c, session.id(), recorded.id(), expiresAt);
            return recorded;
        });
        return session.completed(blob.id(), expiresAt);
    }

    private void abort(UploadSession session) {
        StorageService service = services.get(session.serviceName());
        if (session.transfer() == UploadSession.Transfer.DIRECT_PARTS) {
            directCapability(service).abort(session.key(), session.serviceState());
        } else if (session.byteSize() > 0) {
            capability(service).abort(session.asUpload());
        }
    }

    private void forget(UploadSession session) {
        own.inTransaction(c -> {
            rows.delete(c, session.id());
            return null;
        });
    }

    private void purgeUnlessAttached(Blob blob) {
        try {
            blobs.purge(blob);
        } catch (BlobInUseException attached) {
            // an attachment uses it: terminating the upload does not take the file away from it
        }
    }

    private UploadSession require(String token) {
        UploadSession session = find(token).orElseThrow(UploadSessionNotFoundException::new);
        if (session.isExpired(now())) {
            throw new UploadSessionExpiredException(session.expiresAt());
        }
        return session;
    }

    private UploadSession reread(UploadSession session) {
        return own.read(c -> rows.find(c, session.id())).orElseThrow(UploadSessionNotFoundException::new);
    }

    private static ResumableUploads capability(StorageService service) {
        return service.resumableUploads().orElseThrow(() -> new ResumableUploadsUnsupportedException(service.name()));
    }

    private static DirectMultipartUploads directCapability(StorageService service) {
        return service.directMultipartUploads().orElseThrow(() -> new ResumableUploadsUnsupportedException(service.name()));
    }

    private static ObjectMetadata objectMetadata(String filename, String contentType, Map<String, String> metadata) {
        return new ObjectMetadata(contentType, Filenames.sanitize(filename), null, BlobMetadata.withoutReserved(metadata));
    }

    private static void abortQuietly(ResumableUploads uploads, ResumableUpload upload, RuntimeException cause) {
        try {
            uploads.abort(upload);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private Lease take(UploadSession session) {
        String holder = StorageKeys.random();
        Instant now = now();
        if (!own.inTransaction(c -> rows.lease(c, session.id(), holder, now, now.plus(LEASE)))) {
            throw new UploadSessionBusyException();
        }
        return new Lease(session, holder, now);
    }

    /** This request's hold on an upload: renewed while bytes arrive, released when the request ends. */
    private final class Lease {
        private final UploadSession session;
        private final String holder;
        private Instant renewedAt;

        Lease(UploadSession session, String holder, Instant takenAt) {
            this.session = session;
            this.holder = holder;
            this.renewedAt = takenAt;
        }

        void renewIfDue() {
            Instant now = now();
            if (Duration.between(renewedAt, now).compareTo(RENEW_AFTER) < 0) {
                return;
            }
            if (!own.inTransaction(c -> rows.renew(c, session.id(), holder, now.plus(LEASE)))) {
                throw new UploadSessionBusyException();
            }
            renewedAt = now;
        }

        /** Lets the upload go; if that fails, the lease lapses by itself, and the request's own outcome is what counts. */
        void release() {
            try {
                own.inTransaction(c -> {
                    rows.release(c, session.id(), holder);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("could not release resumable upload {}; it is free again once its lease lapses: {}", session.id(), e.toString());
            }
        }
    }

    /** Now, to the microsecond that the databases keep. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

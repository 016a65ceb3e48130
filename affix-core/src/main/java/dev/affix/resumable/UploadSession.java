package dev.affix.resumable;

import dev.affix.storage.ResumableUpload;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A resumable upload as Affix records it: its unguessable token (the last segment of its URL), where
 * its bytes go (service and key), what the client said of the file, how far it has come, and, once
 * complete, the blob it became.
 *
 * @param transfer       how the bytes travel
 * @param metadata       the blob's custom metadata to be, without the keys Affix owns
 * @param clientMetadata everything the client declared, as it declared it (a tus {@code Upload-Metadata})
 * @param digestState    the running MD5 of the bytes so far ({@link dev.affix.checksum.ResumableMd5#state()})
 * @param serviceState   the storage service's own state of the upload (its id, for direct parts)
 * @param expiresAt      when an unfinished upload is abandoned, or a finished one forgotten
 */
public record UploadSession(long id, String token, Transfer transfer, String serviceName, String key, String filename, String contentType,
        Map<String, String> metadata, Map<String, String> clientMetadata, long byteSize, long offset, String digestState,
        String serviceState, int partCount, Long blobId, Instant createdAt, Instant expiresAt) {

    /** How an upload's bytes travel to its service. */
    public enum Transfer {
        /** Through Affix, chunk by chunk (tus), into the service's {@link dev.affix.storage.ResumableUploads}. */
        CHUNKS,
        /** From the client straight to the service, part by part, on URLs it signs ({@link dev.affix.storage.DirectMultipartUploads}). */
        DIRECT_PARTS
    }

    public UploadSession {
        metadata = Map.copyOf(metadata);
        clientMetadata = Map.copyOf(clientMetadata);
    }

    /** Whether the bytes are all there and became a blob. */
    public boolean isComplete() {
        return blobId != null;
    }

    /** Whether an unfinished upload has rested too long to be resumed. */
    public boolean isExpired(Instant now) {
        return !isComplete() && expiresAt.isBefore(now);
    }

    public Optional<Long> blob() {
        return Optional.ofNullable(blobId);
    }

    /** How many bytes are still to come. */
    public long remaining() {
        return byteSize - offset;
    }

    /** The same upload at another offset and state, as progress leaves it. */
    UploadSession progressed(long newOffset, String newDigestState, String newServiceState, int newPartCount, Instant newExpiresAt) {
        return new UploadSession(id, token, transfer, serviceName, key, filename, contentType, metadata, clientMetadata, byteSize, newOffset,
                newDigestState, newServiceState, newPartCount, blobId, createdAt, newExpiresAt);
    }

    /** The same upload, complete as the blob {@code blob}. */
    UploadSession completed(long blob, Instant newExpiresAt) {
        return new UploadSession(id, token, transfer, serviceName, key, filename, contentType, metadata, clientMetadata, byteSize, offset,
                digestState, "", partCount, blob, createdAt, newExpiresAt);
    }

    /** Where the upload stands, as its storage service is told. */
    ResumableUpload asUpload() {
        return new ResumableUpload(key, byteSize, offset, serviceState, partCount);
    }
}

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
 * @param metadata       the blob's custom metadata to be, without the keys Affix owns
 * @param clientMetadata everything the client declared, as it declared it (a tus {@code Upload-Metadata})
 * @param digestState    the running MD5 of the bytes so far ({@link dev.affix.checksum.ResumableMd5#state()})
 * @param serviceState   the storage service's own state of the upload
 * @param expiresAt      when an unfinished upload is abandoned, or a finished one forgotten
 */
public record UploadSession(long id, String token, String serviceName, String key, String filename, String contentType,
        Map<String, String> metadata, Map<String, String> clientMetadata, long byteSize, long offset, String digestState,
        String serviceState, int partCount, Long blobId, Instant createdAt, Instant expiresAt) {

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

    /** Where the upload stands, as its storage service is told. */
    ResumableUpload asUpload() {
        return new ResumableUpload(key, byteSize, offset, serviceState, partCount);
    }
}

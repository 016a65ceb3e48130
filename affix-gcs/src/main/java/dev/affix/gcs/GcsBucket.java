package dev.affix.gcs;

import dev.affix.storage.ContentDisposition;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import dev.affix.storage.Disposition;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.StorageException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.Objects;
import java.util.Optional;

/**
 * The bucket a GCS service stores into, with the client that reaches it and what every object
 * written there carries (its cache control); shared by the parts of the service.
 */
record GcsBucket(String serviceName, Storage storage, String name, String cacheControl) {

    GcsBucket {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(name, "name");
    }

    BlobId blobId(String key) {
        return BlobId.of(name, key);
    }

    /** The object at the key, with its generation and size; {@link ObjectNotFoundException} if there is none. */
    Blob existing(String key) {
        Blob blob;
        try {
            blob = storage.get(blobId(key));
        } catch (com.google.cloud.storage.StorageException e) {
            throw failure("look up key '" + key + "'", e);
        }
        if (blob == null) {
            throw new ObjectNotFoundException(serviceName, key);
        }
        return blob;
    }

    /** The object's bytes, streamed in chunks by the SDK's read channel; an id with a generation reads exactly that version. */
    InputStream read(BlobId id) {
        return Channels.newInputStream(storage.reader(id));
    }

    /** What GCS should record beside a new object at {@code key}: type, disposition, cache control, custom pairs. */
    BlobInfo.Builder objectInfo(String key, ObjectMetadata metadata) {
        BlobInfo.Builder info = BlobInfo.newBuilder(blobId(key));
        metadata.contentTypeIfKnown().ifPresent(info::setContentType);
        contentDisposition(metadata).ifPresent(info::setContentDisposition);
        if (!metadata.custom().isEmpty()) {
            info.setMetadata(metadata.custom());
        }
        if (cacheControl != null) {
            info.setCacheControl(cacheControl);
        }
        return info;
    }

    /** The Content-Disposition header for the metadata: inline unless told otherwise, when a filename or disposition is known. */
    static Optional<String> contentDisposition(ObjectMetadata metadata) {
        return ContentDisposition.forMetadata(metadata);
    }

    /**
     * The failure of a write to {@code key} that may not overwrite: {@link KeyExistsException} when
     * GCS refused because an object is there ({@code ifGenerationMatch=0} failed), else explained.
     */
    StorageException writeFailure(String action, String key, com.google.cloud.storage.StorageException e) {
        return GcsErrors.isPreconditionFailed(e) ? new KeyExistsException(serviceName, key, e) : failure(action, e);
    }

    /** A failure of {@code action} (e.g. "store key 'a/b'"), explained. */
    StorageException failure(String action, com.google.cloud.storage.StorageException e) {
        return new StorageException("GCS service '" + serviceName + "': could not " + action + ": "
                + GcsErrors.describe(e, name), e);
    }
}

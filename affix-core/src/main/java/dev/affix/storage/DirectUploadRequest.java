package dev.affix.storage;

import dev.affix.checksum.Checksum;
import java.time.Duration;
import java.util.Objects;

/**
 * What a browser declared before uploading directly to a service. The URL that answers it accepts
 * exactly these bytes: this length, this checksum, this content type.
 */
public record DirectUploadRequest(long byteSize, Checksum checksum, String contentType, ObjectMetadata metadata,
        Duration expiresIn) {

    public DirectUploadRequest {
        if (byteSize < 0) {
            throw new IllegalArgumentException("byte size " + byteSize + " is negative");
        }
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(contentType, "contentType");
        metadata = metadata == null ? ObjectMetadata.none() : metadata;
        expiresIn = expiresIn == null ? UrlOptions.DEFAULT_EXPIRY : expiresIn;
    }
}

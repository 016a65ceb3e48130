package dev.affix.resumable;

import java.util.Map;
import java.util.Objects;

/**
 * What a client declares to begin a resumable upload.
 *
 * @param serviceName    the service the bytes go to; null for the default
 * @param key            the key the object will have; null for a random one
 * @param contentType    the declared type (identified again from the bytes when the blob is attached)
 * @param metadata       the blob's custom metadata (keys Affix owns are dropped when the blob is recorded)
 * @param clientMetadata what the client declared, kept to be answered back as it was given
 */
public record NewUploadSession(String serviceName, String key, String filename, String contentType, long byteSize,
        Map<String, String> metadata, Map<String, String> clientMetadata) {

    public NewUploadSession {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(contentType, "contentType");
        if (byteSize < 0) {
            throw new IllegalArgumentException("byte size " + byteSize + " is negative");
        }
        metadata = Map.copyOf(metadata);
        clientMetadata = Map.copyOf(clientMetadata);
    }
}

package dev.affix.blob;

import dev.affix.checksum.Checksum;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stored file's facts: where its bytes are (service and key), what they are (filename, content
 * type, size, checksum) and what is known about them (metadata: Affix's own keys such as
 * {@code identified}, and the application's under {@code custom}).
 */
public record Blob(long id, String key, String filename, String contentType, Map<String, Object> metadata,
        String serviceName, long byteSize, Checksum checksum, Instant createdAt) {

    public Blob {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The application's own metadata, as given when the blob was made. */
    public Map<String, String> customMetadata() {
        Object custom = metadata.get(BlobMetadata.CUSTOM);
        Map<String, String> result = new LinkedHashMap<>();
        if (custom instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), String.valueOf(v)));
        }
        return result;
    }

    /**
     * The blob as the direct-upload protocol and the command line show it: the field names of Rails
     * Active Storage, in their order.
     */
    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("key", key);
        json.put("filename", filename);
        json.put("content_type", contentType);
        json.put("metadata", metadata);
        json.put("service_name", serviceName);
        json.put("byte_size", byteSize);
        json.put("checksum", checksum == null ? null : checksum.toString());
        json.put("created_at", createdAt.toString());
        return json;
    }

    /** Whether analyzers have read the bytes (whatever they found, and even if one of them failed). */
    public boolean analyzed() {
        return Boolean.TRUE.equals(metadata.get(BlobMetadata.ANALYZED));
    }

    /** Whether the content type was identified from the bytes rather than taken on trust. */
    public boolean identified() {
        return Boolean.TRUE.equals(metadata.get(BlobMetadata.IDENTIFIED));
    }
}

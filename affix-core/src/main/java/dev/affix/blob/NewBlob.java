package dev.affix.blob;

import dev.affix.checksum.Checksum;
import java.util.Map;

/**
 * What to know about a file before storing it: its filename, the content type the client declared,
 * whether to identify the type from the bytes (the default), custom metadata, the service (null: the
 * default), the key (null: a random one) and, optionally, the checksum the bytes must have.
 */
public record NewBlob(String filename, String declaredContentType, boolean identify, Map<String, String> metadata,
        String service, String key, Checksum checksum) {

    public NewBlob {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static NewBlob named(String filename) {
        return new NewBlob(filename, null, true, Map.of(), null, null, null);
    }

    public NewBlob withContentType(String value) {
        return new NewBlob(filename, value, identify, metadata, service, key, checksum);
    }

    /** Trust the declared type instead of reading it from the bytes. */
    public NewBlob withoutIdentification() {
        return new NewBlob(filename, declaredContentType, false, metadata, service, key, checksum);
    }

    public NewBlob withMetadata(Map<String, String> value) {
        return new NewBlob(filename, declaredContentType, identify, value, service, key, checksum);
    }

    public NewBlob inService(String value) {
        return new NewBlob(filename, declaredContentType, identify, metadata, value, key, checksum);
    }

    public NewBlob withKey(String value) {
        return new NewBlob(filename, declaredContentType, identify, metadata, service, value, checksum);
    }

    public NewBlob withChecksum(Checksum value) {
        return new NewBlob(filename, declaredContentType, identify, metadata, service, key, value);
    }
}

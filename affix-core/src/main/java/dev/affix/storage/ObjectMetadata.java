package dev.affix.storage;

import java.util.Map;
import java.util.Optional;

/**
 * What a service stores beside an object's bytes, where it can: the type and disposition it should be
 * served with, the filename a browser saves it under, and the application's own key-value pairs.
 */
public record ObjectMetadata(String contentType, String filename, Disposition disposition, Map<String, String> custom) {

    private static final ObjectMetadata NONE = new ObjectMetadata(null, null, null, Map.of());

    public ObjectMetadata {
        custom = custom == null ? Map.of() : Map.copyOf(custom);
    }

    public static ObjectMetadata none() {
        return NONE;
    }

    public Optional<String> contentTypeIfKnown() {
        return Optional.ofNullable(contentType);
    }

    public Optional<String> filenameIfKnown() {
        return Optional.ofNullable(filename);
    }

    public Optional<Disposition> dispositionIfKnown() {
        return Optional.ofNullable(disposition);
    }

    public ObjectMetadata withContentType(String value) {
        return new ObjectMetadata(value, filename, disposition, custom);
    }

    public ObjectMetadata withFilename(String value) {
        return new ObjectMetadata(contentType, value, disposition, custom);
    }

    public ObjectMetadata withDisposition(Disposition value) {
        return new ObjectMetadata(contentType, filename, value, custom);
    }

    public ObjectMetadata withCustom(Map<String, String> value) {
        return new ObjectMetadata(contentType, filename, disposition, value);
    }
}

package dev.affix.blob;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The keys of a blob's metadata that Affix owns; clients may never set them. */
public final class BlobMetadata {

    public static final String IDENTIFIED = "identified";
    public static final String ANALYZED = "analyzed";
    public static final String COMPOSED = "composed";
    public static final String ORIGINAL_FILENAME = "original_filename";
    public static final String CUSTOM = "custom";

    public static final Set<String> RESERVED = Set.of(IDENTIFIED, ANALYZED, COMPOSED, ORIGINAL_FILENAME, CUSTOM);

    private BlobMetadata() {
    }

    /** The client's metadata without the reserved keys. */
    public static Map<String, String> withoutReserved(Map<String, String> metadata) {
        Map<String, String> kept = new LinkedHashMap<>(metadata);
        kept.keySet().removeAll(RESERVED);
        return kept;
    }
}

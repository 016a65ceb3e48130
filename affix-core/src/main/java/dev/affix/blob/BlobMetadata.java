package dev.affix.blob;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The keys of a blob's metadata that Affix owns. They sit at the top level of the metadata JSON, as
 * Rails writes them; a client's own metadata sits under {@link #CUSTOM} and may use none of them, so
 * that nothing a client sends reads like a fact Affix established.
 */
public final class BlobMetadata {

    public static final String IDENTIFIED = "identified";
    public static final String ANALYZED = "analyzed";
    public static final String COMPOSED = "composed";
    public static final String ORIGINAL_FILENAME = "original_filename";
    public static final String CUSTOM = "custom";
    /** The declared attachment ({@code Type.name}) that a direct upload was made for, through its handle or slot. */
    public static final String DIRECT_UPLOAD_FOR = "direct_upload_for";

    /** Affix's bookkeeping: no analyzer may write these, and {@code analyzed} only by the pipeline. */
    public static final Set<String> BOOKKEEPING = Set.of(IDENTIFIED, ANALYZED, COMPOSED, ORIGINAL_FILENAME, CUSTOM, DIRECT_UPLOAD_FOR);

    /** The facts the built-in analyzers write: Rails' names, plus Affix's page_count, blurhash and waveform. */
    public static final Set<String> ANALYSIS_FACTS = Set.of("width", "height", "duration", "angle", "display_aspect_ratio", "audio",
            "video", "bit_rate", "sample_rate", "tags", "page_count", "blurhash", "waveform");

    public static final Set<String> RESERVED = Stream.concat(BOOKKEEPING.stream(), ANALYSIS_FACTS.stream())
            .collect(Collectors.toUnmodifiableSet());

    private BlobMetadata() {
    }

    /** The client's metadata without the reserved keys. */
    public static Map<String, String> withoutReserved(Map<String, String> metadata) {
        Map<String, String> kept = new LinkedHashMap<>(metadata);
        kept.keySet().removeAll(RESERVED);
        return kept;
    }
}

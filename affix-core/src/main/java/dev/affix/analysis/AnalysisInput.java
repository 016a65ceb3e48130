package dev.affix.analysis;

import dev.affix.blob.Blob;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an analyzer reads.
 *
 * @param blob    the blob, with its identified content type
 * @param file    a private local copy of the bytes whose checksum was verified; read it, never keep it
 * @param earlier the facts that analyzers before this one found for the same blob
 */
public record AnalysisInput(Blob blob, Path file, Map<String, Object> earlier) {

    public AnalysisInput {
        // in the order found, and JSON null values allowed, which Map.copyOf refuses
        earlier = Collections.unmodifiableMap(new LinkedHashMap<>(earlier));
    }
}

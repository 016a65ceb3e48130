package dev.affix.analysis;

import dev.affix.blob.Blob;
import java.nio.file.Path;
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
        earlier = Map.copyOf(earlier);
    }
}

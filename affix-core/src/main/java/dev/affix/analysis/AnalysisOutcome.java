package dev.affix.analysis;

import dev.affix.blob.BlobMetadata;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the analyzers found for one blob.
 *
 * @param facts  everything they found, merged in their order (a later analyzer's value of a key wins)
 * @param failed the names of the analyzers that failed (each logged once); the others' facts are kept
 */
public record AnalysisOutcome(Map<String, Object> facts, List<String> failed) {

    public AnalysisOutcome {
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        failed = List.copyOf(failed);
    }

    /** What is merged into the blob's metadata: the facts, and {@code analyzed: true}. */
    public Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>(facts);
        metadata.put(BlobMetadata.ANALYZED, true);
        return metadata;
    }
}

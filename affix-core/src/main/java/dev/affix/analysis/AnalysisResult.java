package dev.affix.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The facts one analyzer found, to be merged into the blob's metadata. */
public record AnalysisResult(Map<String, Object> facts) {

    private static final AnalysisResult NOTHING = new AnalysisResult(Map.of());

    public AnalysisResult {
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    public static AnalysisResult nothing() {
        return NOTHING;
    }

    public static AnalysisResult of(Map<String, Object> facts) {
        return new AnalysisResult(facts);
    }
}

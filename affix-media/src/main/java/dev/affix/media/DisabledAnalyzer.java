package dev.affix.media;

import dev.affix.analysis.AnalysisInput;
import dev.affix.analysis.AnalysisResult;
import dev.affix.analysis.Analyzer;
import dev.affix.blob.Blob;

/**
 * Stands in for an analyzer whose tool is not installed: it keeps the name known, so a configuration
 * that lists it still starts, and accepts no blob, so nothing is attempted, or logged, per attach.
 */
record DisabledAnalyzer(String name) implements Analyzer {

    @Override
    public boolean accepts(Blob blob) {
        return false;
    }

    @Override
    public AnalysisResult analyze(AnalysisInput input) {
        return AnalysisResult.nothing();
    }
}

package dev.affix.analysis;

import dev.affix.blob.Blob;

/** Accepts every blob and fails on each. */
record FailingAnalyzer(String name) implements Analyzer {

    @Override
    public boolean accepts(Blob blob) {
        return true;
    }

    @Override
    public AnalysisResult analyze(AnalysisInput input) {
        throw new IllegalStateException("the tool crashed on " + input.blob().filename());
    }
}

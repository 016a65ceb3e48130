package dev.affix.media;

import dev.affix.analysis.AnalysisInput;
import dev.affix.analysis.AnalysisResult;
import dev.affix.analysis.Analyzer;
import dev.affix.blob.Blob;
import dev.affix.tool.ToolException;

/**
 * An analyzer that reads its facts from ffprobe's description of a file: it accepts one family of
 * types, probes the local copy once, and turns a file ffprobe cannot read into no facts and one log line.
 */
abstract class ProbedAnalyzer implements Analyzer {

    private final Ffprobe ffprobe;
    private final String name;
    private final String typeFamily;

    ProbedAnalyzer(Ffprobe ffprobe, String name, String typeFamily) {
        this.ffprobe = ffprobe;
        this.name = name;
        this.typeFamily = typeFamily;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean accepts(Blob blob) {
        return blob.contentType() != null && blob.contentType().startsWith(typeFamily);
    }

    @Override
    public AnalysisResult analyze(AnalysisInput input) {
        try {
            return facts(ffprobe.probe(input.file()));
        } catch (ToolException e) {
            return NothingLearned.from(name, input.blob(), e);
        }
    }

    /** The facts of a file that ffprobe described. */
    abstract AnalysisResult facts(MediaProbe probe);
}

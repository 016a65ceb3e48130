package dev.affix.cli;

import dev.affix.analysis.AnalysisInput;
import dev.affix.analysis.AnalysisResult;
import dev.affix.analysis.Analyzer;
import dev.affix.blob.Blob;
import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;

/**
 * An analyzer the command line's tests find with ServiceLoader, as a module's would be, beside the
 * real ones on its class path: one that fails on files named {@code fail…}.
 */
public final class HeaderFactsExtension implements AffixExtension {

    @Override
    public String name() {
        return "header-facts";
    }

    @Override
    public void contribute(Contributions contributions) {
        contributions.analyzer(new Analyzer() {
            @Override
            public String name() {
                return "fails-on-request";
            }

            @Override
            public boolean accepts(Blob blob) {
                return blob.filename().startsWith("fail");
            }

            @Override
            public AnalysisResult analyze(AnalysisInput input) {
                throw new IllegalStateException("asked to fail");
            }
        });
    }
}

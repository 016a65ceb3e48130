package dev.affix.cli;

import dev.affix.analysis.AnalysisInput;
import dev.affix.analysis.AnalysisResult;
import dev.affix.analysis.Analyzer;
import dev.affix.blob.Blob;
import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The analyzers the command line's tests find with ServiceLoader, as a module's would be: a PNG's
 * width and height from its header, and one that fails on files named {@code fail…}.
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
                return "png-header";
            }

            @Override
            public boolean accepts(Blob blob) {
                return blob.contentType().equals("image/png");
            }

            @Override
            public AnalysisResult analyze(AnalysisInput input) throws Exception {
                try (InputStream in = Files.newInputStream(input.file())) {
                    DataInputStream header = new DataInputStream(in);
                    header.skipNBytes(16);
                    Map<String, Object> facts = new LinkedHashMap<>();
                    facts.put("width", header.readInt());
                    facts.put("height", header.readInt());
                    return AnalysisResult.of(facts);
                }
            }
        });
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

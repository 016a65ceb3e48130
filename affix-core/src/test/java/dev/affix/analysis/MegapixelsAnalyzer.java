package dev.affix.analysis;

import dev.affix.blob.Blob;
import java.util.Map;

/** The README's custom analyzer: builds on the image analyzer's facts instead of reading the image again. */
public final class MegapixelsAnalyzer implements Analyzer {

    @Override
    public String name() {
        return "megapixels";
    }

    @Override
    public boolean accepts(Blob blob) {
        return blob.contentType().startsWith("image/");
    }

    @Override
    public AnalysisResult analyze(AnalysisInput input) {
        if (input.earlier().get("width") instanceof Number width && input.earlier().get("height") instanceof Number height) {
            return AnalysisResult.of(Map.of("megapixels", width.doubleValue() * height.doubleValue() / 1_000_000));
        }
        return AnalysisResult.nothing();
    }
}

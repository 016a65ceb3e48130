package dev.affix.analysis;

import dev.affix.blob.Blob;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/** A stand-in for the image analyzer of affix-image in core's tests: width and height from a PNG's header. */
public final class PngHeaderAnalyzer implements Analyzer {

    @Override
    public String name() {
        return "image";
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
}

package dev.affix.analysis;

import dev.affix.blob.Blob;
import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An extension found with ServiceLoader (listed in the tests' META-INF/services): a {@code lines}
 * analyzer for plain text, and a job that creates the file its {@code path} argument names.
 */
public final class LineCountExtension implements AffixExtension {

    public static final String TOUCH_JOB = "test.touch";

    @Override
    public String name() {
        return "line-count";
    }

    @Override
    public void contribute(Contributions contributions) {
        contributions.analyzer(new Analyzer() {
            @Override
            public String name() {
                return "lines";
            }

            @Override
            public boolean accepts(Blob blob) {
                return blob.contentType().equals("text/plain");
            }

            @Override
            public AnalysisResult analyze(AnalysisInput input) throws Exception {
                long lines = 0;
                try (InputStream in = new BufferedInputStream(Files.newInputStream(input.file()))) {
                    for (int b = in.read(); b >= 0; b = in.read()) {
                        lines += b == '\n' ? 1 : 0;
                    }
                }
                return AnalysisResult.of(Map.of("line_count", lines));
            }
        });
        contributions.job(TOUCH_JOB, arguments -> Files.createFile(Path.of(arguments.get("path"))));
    }
}

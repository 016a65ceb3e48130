package dev.affix.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.blob.Blob;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.testing.CapturedLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline on its own: order, earlier facts, failures kept apart. */
class AnalysisPipelineTest {

    @TempDir
    Path dir;

    @Test
    void everyAcceptingAnalyzerRunsInOrderAndSeesTheFactsOfTheEarlierOnes() throws IOException {
        List<String> ran = new ArrayList<>();
        AnalysisPipeline pipeline = new AnalysisPipeline(List.of(
                fixed("first", "text/plain", Map.of("width", 4, "height", 3), ran),
                fixed("not-for-text", "image/png", Map.of("width", 99), ran),
                new Analyzer() {
                    @Override
                    public String name() {
                        return "area";
                    }

                    @Override
                    public boolean accepts(Blob blob) {
                        return true;
                    }

                    @Override
                    public AnalysisResult analyze(AnalysisInput input) {
                        ran.add(name());
                        int area = (Integer) input.earlier().get("width") * (Integer) input.earlier().get("height");
                        return AnalysisResult.of(Map.of("area", area, "width", 40));
                    }
                }));

        AnalysisOutcome outcome = pipeline.run(blob("text/plain"), file("hello"));

        assertThat(ran).containsExactly("first", "area");
        assertThat(outcome.facts()).containsOnly(Map.entry("width", 40), Map.entry("height", 3), Map.entry("area", 12));
        assertThat(outcome.failed()).isEmpty();
        assertThat(outcome.metadata()).containsEntry("analyzed", true).containsEntry("area", 12);
    }

    @Test
    void aFailingAnalyzerIsLoggedOnceWithTheBlobsIdAndTheOthersFactsAreKept() throws IOException {
        AnalysisPipeline pipeline = new AnalysisPipeline(List.of(fixed("before", "text/plain", Map.of("a", 1), new ArrayList<>()),
                new FailingAnalyzer("broken"), fixed("after", "text/plain", Map.of("b", 2), new ArrayList<>())));

        AnalysisOutcome outcome;
        try (CapturedLog log = new CapturedLog()) {
            outcome = pipeline.run(blob("text/plain"), file("hello"));
            assertThat(log.linesWith("analyzer 'broken' failed")).singleElement().asString().contains("blob 42")
                    .contains("the tool crashed on notes.txt");
        }
        assertThat(outcome.facts()).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
        assertThat(outcome.failed()).containsExactly("broken");
        assertThat(outcome.metadata()).containsEntry("analyzed", true);
    }

    @Test
    void factsThatCannotBeStoredCountAsTheAnalyzersFailure() throws IOException {
        AnalysisPipeline pipeline = new AnalysisPipeline(List.of(
                fixed("bookkeeper", "text/plain", Map.of("identified", false), new ArrayList<>()),
                fixed("custom", "text/plain", Map.of("custom", Map.of("x", "y")), new ArrayList<>()),
                fixed("not-a-number", "text/plain", Map.of("duration", Double.NaN), new ArrayList<>()),
                fixed("an-object", "text/plain", Map.of("tags", new Object()), new ArrayList<>()),
                fixed("fine", "text/plain", Map.of("tags", Map.of("artist", "x", "track", List.of(1, 2.5, true))), new ArrayList<>())));

        AnalysisOutcome outcome;
        try (CapturedLog log = new CapturedLog()) {
            outcome = pipeline.run(blob("text/plain"), file("hello"));
            assertThat(log.linesWith("a key that Affix keeps for itself")).hasSize(2);
            assertThat(log.linesWith("not a JSON value")).hasSize(2);
        }
        assertThat(outcome.failed()).containsExactly("bookkeeper", "custom", "not-a-number", "an-object");
        assertThat(outcome.facts()).containsOnlyKeys("tags");
    }

    @Test
    void anAnalyzerWhoseAcceptsThrowsFailsAlone() throws IOException {
        Analyzer picky = new Analyzer() {
            @Override
            public String name() {
                return "picky";
            }

            @Override
            public boolean accepts(Blob blob) {
                throw new IllegalArgumentException("cannot decide");
            }

            @Override
            public AnalysisResult analyze(AnalysisInput input) {
                return AnalysisResult.nothing();
            }
        };
        AnalysisPipeline pipeline = new AnalysisPipeline(List.of(picky, fixed("fine", "text/plain", Map.of("a", 1), new ArrayList<>())));

        assertThat(pipeline.anyAccepts(blob("text/plain"))).isTrue();
        try (CapturedLog log = new CapturedLog()) {
            AnalysisOutcome outcome = pipeline.run(blob("text/plain"), file("x"));
            assertThat(outcome.failed()).containsExactly("picky");
            assertThat(outcome.facts()).containsExactly(Map.entry("a", 1));
            assertThat(log.linesWith("analyzer 'picky' failed")).hasSize(1);
        }
    }

    @Test
    void laterAnalyzersSeeEarlierFactsInTheirOrderNullValuesIncluded() throws IOException {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("width", 1);
        facts.put("angle", null);
        facts.put("height", 2);
        List<Object> seen = new ArrayList<>();
        Analyzer looking = new Analyzer() {
            @Override
            public String name() {
                return "looking";
            }

            @Override
            public boolean accepts(Blob blob) {
                return true;
            }

            @Override
            public AnalysisResult analyze(AnalysisInput input) {
                seen.addAll(input.earlier().keySet());
                return AnalysisResult.nothing();
            }
        };

        AnalysisOutcome outcome = new AnalysisPipeline(List.of(fixed("first", "text/plain", facts, new ArrayList<>()), looking))
                .run(blob("text/plain"), file("x"));

        assertThat(outcome.failed()).isEmpty();
        assertThat(seen).containsExactly("width", "angle", "height");
        assertThat(outcome.facts()).containsEntry("angle", null);
    }

    @Test
    void noAnalyzerAcceptingMeansNothingToRead() {
        AnalysisPipeline pipeline = new AnalysisPipeline(List.of(fixed("images", "image/png", Map.of(), new ArrayList<>())));

        assertThat(pipeline.anyAccepts(blob("text/plain"))).isFalse();
        assertThat(pipeline.anyAccepts(blob("image/png"))).isTrue();
    }

    private static Analyzer fixed(String name, String type, Map<String, Object> facts, List<String> ran) {
        return new Analyzer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean accepts(Blob blob) {
                return blob.contentType().equals(type);
            }

            @Override
            public AnalysisResult analyze(AnalysisInput input) {
                ran.add(name);
                return AnalysisResult.of(facts);
            }
        };
    }

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("copy"), text);
    }

    private static Blob blob(String contentType) {
        return new Blob(42, "key", "notes.txt", contentType, Map.of(), "local", 5, Checksum.of(ChecksumAlgorithm.MD5, new byte[16]),
                Instant.now());
    }
}

package dev.affix.variant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformationsTest {

    @Test
    void readsTheVocabularyInOrderAndWritesItBackTheSame() {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("crop", List.of(10, 20, 300, 200));
        written.put("resize_to_fill", List.of(100, 80, Map.of("gravity", "NorthEast")));
        written.put("resize_and_pad", List.of(50, 50, Map.of("background", "#ff000080")));
        written.put("rotate", -90);
        written.put("format", "jpg");
        written.put("quality", 70);
        written.put("strip", true);

        Transformations parsed = Transformations.parse(written);

        assertThat(parsed.steps()).containsExactly(new Transformations.Crop(10, 20, 300, 200),
                new Transformations.ResizeToFill(100, 80, Gravity.NORTH_EAST),
                new Transformations.ResizeAndPad(50, 50, new Rgba(255, 0, 0, 128), Gravity.CENTRE), new Transformations.Rotate(270));
        assertThat(parsed.format()).isEqualTo(OutputFormat.JPEG);
        assertThat(parsed.quality()).isEqualTo(70);
        assertThat(parsed.strip()).isTrue();
        assertThat(Transformations.parse(Json.readObject(Json.write(parsed.toMap())))).isEqualTo(parsed);
    }

    @Test
    void equalTransformationsHaveOneDigestHoweverWrittenAndDifferentOnesDiffer() {
        Transformations a = Transformations.parse(Map.of("resize_to_fill", List.of(100, 100, Map.of("gravity", "center"))));
        Transformations b = Transformations.builder().resizeToFill(100, 100).build();
        Transformations c = Transformations.builder().resizeToFill(100, 101).build();

        assertThat(a.digest()).isEqualTo(b.digest());
        assertThat(a.digest()).isNotEqualTo(c.digest());
        assertThat(Transformations.builder().resizeToLimit(10, 10).format(OutputFormat.PNG).build().digest())
                .isNotEqualTo(Transformations.builder().resizeToLimit(10, 10).build().digest());
    }

    @Test
    void refusesWhatIsOutsideTheVocabularyNamingIt() {
        assertRefused(Map.of("resize", List.of(10, 10)), "resize", "not a known transformation");
        assertRefused(Map.of("resize_to_limit", List.of(10)), "resize_to_limit", "list of 2 arguments");
        assertRefused(Map.of("resize_to_limit", List.of("ten", 10)), "resize_to_limit", "whole number");
        assertRefused(Map.of("resize_to_limit", List.of(10.5, 10)), "resize_to_limit", "whole number");
        assertRefused(Map.of("resize_to_limit", "10x10"), "resize_to_limit", "list of 2 arguments");
        assertRefused(Map.of("resize_to_fill", List.of(10, 10, Map.of("gravity", "up"))), "resize_to_fill", "gravity 'up'");
        assertRefused(Map.of("resize_to_fill", List.of(10, 10, Map.of("shell", "rm -rf /"))), "resize_to_fill", "unknown option 'shell'");
        assertRefused(Map.of("resize_and_pad", List.of(10, 10, Map.of("background", "#zzz"))), "resize_and_pad", "colour");
        assertRefused(Map.of("rotate", 45), "rotate", "multiple of 90");
        assertRefused(Map.of("format", "svg"), "format", "jpeg, png, webp, avif, gif");
        assertRefused(Map.of("format", "tiff"), "format", "jpeg, png, webp, avif, gif");
        assertRefused(Map.of("quality", 0), "quality", "1 to 100");
        assertRefused(Map.of("quality", 101), "quality", "1 to 100");
        assertRefused(Map.of("strip", "yes"), "strip", "true or false");
        assertRefused(Map.of("crop", List.of(-1, 0, 10, 10)), "crop", "left and top");
    }

    @Test
    void refusesHugeTargetsBeforeAnyDecoderRuns() {
        assertRefused(Map.of("resize_to_fit", List.of(100_000, 10)), "resize_to_fit", "1 to 8192");
        assertRefused(Map.of("resize_to_fit", List.of(0, 10)), "resize_to_fit", "1 to 8192");
        assertRefused(Map.of("resize_and_pad", List.of(8000, 8000)), "resize_and_pad", "more than 25000000 pixels");
        assertThatThrownBy(() -> Transformations.builder().resizeToLimit(5000, 4000).build().scaled(2))
                .isInstanceOf(InvalidTransformationException.class).hasMessageContaining("resize_to_limit");
    }

    @Test
    void aStepAppearsOnce() {
        assertThatThrownBy(() -> Transformations.builder().resizeToLimit(10, 10).resizeToLimit(20, 20).build())
                .isInstanceOf(InvalidTransformationException.class).hasMessageContaining("given twice");
    }

    @Test
    void nonWebFormatsBecomePngUnlessAFormatIsDeclared() {
        Transformations plain = Transformations.builder().resizeToLimit(10, 10).build();

        assertThat(plain.outputFormat("image/jpeg")).isEqualTo(OutputFormat.JPEG);
        assertThat(plain.outputFormat("image/webp")).isEqualTo(OutputFormat.WEBP);
        assertThat(plain.outputFormat("image/tiff")).isEqualTo(OutputFormat.PNG);
        assertThat(plain.outputFormat("image/heic")).isEqualTo(OutputFormat.PNG);
        assertThat(plain.withFormat(OutputFormat.AVIF).outputFormat("image/tiff")).isEqualTo(OutputFormat.AVIF);
    }

    @Test
    void numbersWrittenAsTextByAFrameworkAreRead() {
        assertThat(Transformations.parse(Map.of("resize_to_limit", List.of("400", "300"))).steps())
                .containsExactly(new Transformations.ResizeToLimit(400, 300));
    }

    private static void assertRefused(Map<String, ?> transformations, String name, String message) {
        assertThatThrownBy(() -> Transformations.parse(transformations)).isInstanceOf(InvalidTransformationException.class)
                .hasMessageContaining("'" + name + "'").hasMessageContaining(message)
                .extracting(e -> ((InvalidTransformationException) e).transformation()).isEqualTo(name);
    }
}

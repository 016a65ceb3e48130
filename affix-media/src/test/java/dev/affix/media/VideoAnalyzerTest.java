package dev.affix.media;

import static dev.affix.media.MediaFixtures.blob;
import static dev.affix.media.MediaFixtures.input;
import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoAnalyzerTest {

    private final VideoAnalyzer analyzer = MediaFixtures.videoAnalyzer();

    @Test
    void acceptsVideosOnly() {
        assertThat(analyzer.accepts(blob("video/mp4"))).isTrue();
        assertThat(analyzer.accepts(blob("video/webm"))).isTrue();
        assertThat(analyzer.accepts(blob("audio/mpeg"))).isFalse();
        assertThat(analyzer.accepts(blob("image/png"))).isFalse();
        assertThat(analyzer.accepts(blob(null))).isFalse();
    }

    @Test
    void readsTheFactsRailsWritesWithTheirTypesAndOrder(@TempDir Path dir) {
        Path video = new MediaFixtures(dir).video("clip.mp4");

        Map<String, Object> facts = analyzer.analyze(input(video, "video/mp4")).facts();

        assertThat(facts).containsExactly(
                Map.entry("width", 320.0), Map.entry("height", 240.0), Map.entry("duration", 2.0),
                Map.entry("display_aspect_ratio", List.of(4L, 3L)), Map.entry("audio", true), Map.entry("video", true));
        // as Rails' VideoAnalyzer writes them: floats for the size, integers for the ratio
        assertThat(Json.write(facts))
                .isEqualTo("{\"width\":320.0,\"height\":240.0,\"duration\":2.0,\"display_aspect_ratio\":[4,3],\"audio\":true,\"video\":true}");
    }

    @Test
    void aVideoTurnedAQuarterHasItsSizeSwappedAndItsAngle(@TempDir Path dir) {
        MediaFixtures fixtures = new MediaFixtures(dir);
        Path upright = fixtures.video("upright.mp4");
        // what phones do: the pixels stay landscape, a display matrix says how to turn them
        Path rotated = fixtures.make("rotated.mp4", "-i", upright.toString(), "-c", "copy", "-metadata:s:v", "rotate=90");

        Map<String, Object> facts = analyzer.analyze(input(rotated, "video/mp4")).facts();

        assertThat(facts).containsEntry("width", 240.0).containsEntry("height", 320.0).containsEntry("angle", 90L)
                .containsEntry("display_aspect_ratio", List.of(4L, 3L));
    }

    @Test
    void nonSquarePixelsGiveTheDisplayedHeight(@TempDir Path dir) {
        MediaFixtures fixtures = new MediaFixtures(dir);
        // 320x240 stored, shown 16:9: a player shows 320 wide and 180 high
        Path anamorphic = fixtures.make("wide.mp4", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10:duration=1",
                "-vf", "setdar=16/9", "-c:v", "libx264", "-pix_fmt", "yuv420p");

        Map<String, Object> facts = analyzer.analyze(input(anamorphic, "video/mp4")).facts();

        assertThat(facts).containsEntry("width", 320.0).containsEntry("height", 180.0)
                .containsEntry("display_aspect_ratio", List.of(16L, 9L)).containsEntry("audio", false);
    }

    @Test
    void aSilentWebmVideoHasNoAudioAndItsContainersDuration(@TempDir Path dir) {
        Path webm = new MediaFixtures(dir).make("silent.webm", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=1",
                "-c:v", "libvpx", "-b:v", "100k");

        Map<String, Object> facts = analyzer.analyze(input(webm, "video/webm")).facts();

        assertThat(facts).containsEntry("width", 160.0).containsEntry("height", 120.0)
                .containsEntry("audio", false).containsEntry("video", true);
        assertThat((Double) facts.get("duration")).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.05));
    }
}

package dev.affix.media;

import static dev.affix.media.MediaFixtures.blob;
import static dev.affix.media.MediaFixtures.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioAnalyzerTest {

    private final AudioAnalyzer analyzer = MediaFixtures.audioAnalyzer();

    @Test
    void acceptsAudioOnly() {
        assertThat(analyzer.accepts(blob("audio/mpeg"))).isTrue();
        assertThat(analyzer.accepts(blob("audio/webm"))).isTrue();
        assertThat(analyzer.accepts(blob("video/mp4"))).isFalse();
        assertThat(analyzer.accepts(blob(null))).isFalse();
    }

    @Test
    void readsDurationBitRateAndSampleRateAsRailsTypesThem(@TempDir Path dir) {
        Path mp3 = new MediaFixtures(dir).tone("tone.mp3", 1, "-c:a", "libmp3lame", "-b:a", "128k", "-ar", "44100");

        Map<String, Object> facts = analyzer.analyze(input(mp3, "audio/mpeg")).facts();

        assertThat(facts).containsOnlyKeys("duration", "bit_rate", "sample_rate");
        assertThat(facts.get("duration")).isInstanceOf(Double.class);
        assertThat((Double) facts.get("duration")).isCloseTo(1.0, offset(0.06));
        assertThat(facts).containsEntry("bit_rate", 128000L).containsEntry("sample_rate", 44100L);
    }

    @Test
    void keepsTheStreamsTagsCappedInNumberAndLength(@TempDir Path dir) {
        List<String> options = new ArrayList<>(List.of("-c:a", "flac", "-metadata:s:a:0", "title=" + "t".repeat(5000)));
        for (int i = 0; i < 100; i++) {
            options.addAll(List.of("-metadata:s:a:0", "extra" + i + "=" + i));
        }
        Path mka = new MediaFixtures(dir).tone("tagged.mka", 1, options.toArray(String[]::new));

        Map<String, Object> facts = analyzer.analyze(input(mka, "audio/x-matroska")).facts();

        assertThat(facts.get("tags")).asInstanceOf(InstanceOfAssertFactories.map(String.class, String.class))
                .hasSize(MediaStream.MAX_TAGS).containsEntry("EXTRA0", "0")
                .containsEntry("title", "t".repeat(MediaStream.MAX_TAG_LENGTH));
    }

    @Test
    void opusInWebmTakesTheContainersDuration(@TempDir Path dir) {
        // what browsers' MediaRecorder uploads: the stream itself states no duration
        Path webm = new MediaFixtures(dir).tone("voice.webm", 1, "-c:a", "libopus");

        Map<String, Object> facts = analyzer.analyze(input(webm, "audio/webm")).facts();

        assertThat((Double) facts.get("duration")).isCloseTo(1.0, offset(0.05));
        assertThat(facts).containsEntry("sample_rate", 48000L);
    }

    @Test
    void aFileWithoutAnAudioStreamGivesNothing(@TempDir Path dir) {
        Path pictureOnly = new MediaFixtures(dir).make("mute.mp4", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=5:duration=1",
                "-c:v", "libx264", "-pix_fmt", "yuv420p");

        assertThat(analyzer.analyze(input(pictureOnly, "audio/mp4")).facts()).isEmpty();
    }
}

package dev.affix.media;

import static dev.affix.media.MediaFixtures.blob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.analysis.AnalysisInput;
import dev.affix.analysis.Analyzer;
import dev.affix.config.ConfigurationException;
import dev.affix.extension.AffixExtension;
import dev.affix.variant.Previewer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaExtensionTest {

    @Test
    void isFoundByTheServiceLoader() {
        assertThat(ServiceLoader.load(AffixExtension.class).stream().map(ServiceLoader.Provider::type))
                .contains(MediaExtension.class);
    }

    @Test
    void contributesVideoAudioAndThenWaveform(@TempDir Path dir) {
        RecordingContributions contributions = new RecordingContributions(dir, Map.of());

        new MediaExtension().contribute(contributions);

        assertThat(contributions.analyzers()).extracting(Analyzer::name).containsExactly("video", "audio", "waveform");
        assertThat(contributions.analyzers()).hasExactlyElementsOfTypes(VideoAnalyzer.class, AudioAnalyzer.class, WaveformAnalyzer.class);
    }

    @Test
    void contributesTheVideoAndThenTheWaveformPreviewer(@TempDir Path dir) {
        RecordingContributions contributions = new RecordingContributions(dir, Map.of());

        new MediaExtension().contribute(contributions);

        assertThat(contributions.previewers()).extracting(Previewer::name).containsExactly("video", "waveform");
        assertThat(contributions.previewers()).hasExactlyElementsOfTypes(VideoPreviewer.class, WaveformPreviewer.class);
        assertThat(contributions.disabledPreviewers()).isEmpty();
    }

    @Test
    void inThePipelinesOrderTheWaveformBuildsOnTheAudioFacts(@TempDir Path dir) {
        Path mp3 = new MediaFixtures(dir).tone("tone.mp3", 3, "-c:a", "libmp3lame", "-b:a", "64k");
        RecordingContributions contributions = new RecordingContributions(dir, Map.of("waveform_points", 120));
        new MediaExtension().contribute(contributions);

        // what the pipeline does: each analyzer that accepts the blob runs, seeing the facts before it
        Map<String, Object> facts = new LinkedHashMap<>();
        for (Analyzer analyzer : contributions.analyzers()) {
            if (analyzer.accepts(blob("audio/mpeg"))) {
                facts.putAll(analyze(analyzer, new AnalysisInput(blob("audio/mpeg"), mp3, facts)));
            }
        }

        assertThat(facts).containsKeys("duration", "bit_rate", "sample_rate", "waveform").doesNotContainKeys("width", "video");
        assertThat(facts.get("waveform")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSizeBetween(115, 120);
    }

    @Test
    void aMissingToolDisablesItsAnalyzersWithTheReason(@TempDir Path dir) {
        RecordingContributions contributions = new RecordingContributions(dir,
                Map.of("ffprobe_path", dir.resolve("bin/ffprobe").toString(), "ffmpeg_path", "no-such-ffmpeg-affix"));

        new MediaExtension().contribute(contributions);

        assertThat(contributions.analyzers()).isEmpty();
        assertThat(contributions.disabled()).containsOnlyKeys("video", "audio", "waveform");
        assertThat(contributions.disabled().get("video")).contains("ffprobe ('" + dir.resolve("bin/ffprobe") + "')")
                .contains("apt-get install ffmpeg");
        assertThat(contributions.disabled().get("waveform")).contains("ffmpeg ('no-such-ffmpeg-affix')");
        assertThat(contributions.settings()).contains("waveform_points", "probe_timeout", "ffmpeg_path");
        // the waveform previewer draws metadata and needs no tool; the video previewer needs ffmpeg
        assertThat(contributions.previewers()).extracting(Previewer::name).containsExactly("waveform");
        assertThat(contributions.disabledPreviewers()).containsOnlyKeys("video");
        assertThat(contributions.disabledPreviewers().get("video")).contains("ffmpeg ('no-such-ffmpeg-affix')").contains("apt-get install ffmpeg");
    }

    @Test
    void settingsAreReadFromTheAnalysisSection() {
        MediaSettings settings = MediaSettings.from(Map.of("waveform_points", "64", "probe_timeout", 2.5, "waveform_timeout", 10,
                "waveform_max_duration", 60, "ffmpeg_path", "/opt/ffmpeg/bin/ffmpeg"));

        assertThat(settings).isEqualTo(new MediaSettings(64, Duration.ofMillis(2500), Duration.ofSeconds(10), Duration.ofMinutes(1),
                "ffprobe", "/opt/ffmpeg/bin/ffmpeg"));
        assertThat(MediaSettings.from(Map.of())).isEqualTo(MediaSettings.DEFAULTS);
        assertThatThrownBy(() -> MediaSettings.from(Map.of("waveform_points", 0)))
                .isInstanceOf(ConfigurationException.class).hasMessage("analysis.waveform_points must be positive, not 0");
        assertThatThrownBy(() -> MediaSettings.from(Map.of("probe_timeout", "soon")))
                .isInstanceOf(ConfigurationException.class).hasMessage("analysis.probe_timeout must be a number of seconds, not 'soon'");
        assertThatThrownBy(() -> MediaSettings.from(Map.of("waveform_timeout", -1)))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("analysis.waveform_timeout must be a positive number of seconds");
    }

    private static Map<String, Object> analyze(Analyzer analyzer, AnalysisInput input) {
        try {
            return analyzer.analyze(input).facts();
        } catch (Exception e) {
            throw new AssertionError(analyzer.name() + " threw", e);
        }
    }
}

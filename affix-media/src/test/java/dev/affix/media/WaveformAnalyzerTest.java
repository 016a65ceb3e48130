package dev.affix.media;

import static dev.affix.media.MediaFixtures.blob;
import static dev.affix.media.MediaFixtures.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.sun.management.ThreadMXBean;
import dev.affix.analysis.AnalysisResult;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WaveformAnalyzerTest {

    /** The RMS of ffmpeg's test tone, a sine at 1/8 of full scale. */
    private static final double TONE_RMS = 0.125 / Math.sqrt(2);

    private final WaveformAnalyzer analyzer = MediaFixtures.waveformAnalyzer(MediaSettings.DEFAULTS);

    @SuppressWarnings("unchecked")
    private static List<Double> waveform(AnalysisResult result) {
        return (List<Double>) result.facts().get("waveform");
    }

    @Test
    void acceptsAudioOnly() {
        assertThat(analyzer.accepts(blob("audio/mpeg"))).isTrue();
        assertThat(analyzer.accepts(blob("video/mp4"))).isFalse();
        assertThat(analyzer.accepts(blob(null))).isFalse();
    }

    @Test
    void buildsOnTheAudioAnalyzersDurationToSpreadThePointsAsked(@TempDir Path dir) {
        Path mp3 = new MediaFixtures(dir).tone("tone.mp3", 2, "-c:a", "libmp3lame");
        Map<String, Object> audioFacts = MediaFixtures.audioAnalyzer().analyze(input(mp3, "audio/mpeg")).facts();

        List<Double> waveform = waveform(analyzer.analyze(input(mp3, "audio/mpeg", audioFacts)));

        // the MP3 header's duration counts the encoder's padding, which decoding drops: a few points short of 500
        assertThat(waveform).hasSizeBetween(480, 500);
        // the encoder's start-up silence aside, every point is the tone's RMS
        assertThat(waveform.subList(10, 470)).allSatisfy(amplitude -> assertThat(amplitude).isCloseTo(TONE_RMS, offset(0.01)));
    }

    @Test
    void theNumberOfPointsIsConfigurable(@TempDir Path dir) {
        Path wav = new MediaFixtures(dir).tone("tone.wav", 1, "-c:a", "pcm_s16le");
        WaveformAnalyzer fifty = MediaFixtures.waveformAnalyzer(MediaSettings.from(Map.of("waveform_points", 50)));

        assertThat(waveform(fifty.analyze(input(wav, "audio/wav", Map.of("duration", 1.0))))).hasSize(50);
    }

    @Test
    void loudnessIsFollowedAlongTheFile(@TempDir Path dir) {
        // silence for a second, then a full-scale square wave for a second
        Path wav = new MediaFixtures(dir).make("steps.wav", "-f", "lavfi", "-i", "aevalsrc=exprs='if(lt(t,1),0,if(lt(mod(t*100,1),0.5),1,-1))':s=8000:d=2",
                "-c:a", "pcm_s16le");

        List<Double> waveform = waveform(analyzer.analyze(input(wav, "audio/wav", Map.of("duration", 2.0))));

        assertThat(waveform).hasSize(500);
        assertThat(waveform.subList(0, 245)).containsOnly(0.0);
        assertThat(waveform.subList(255, 500)).allSatisfy(amplitude -> assertThat(amplitude).isGreaterThan(0.95).isLessThanOrEqualTo(1.0));
    }

    @Test
    void aVeryLongFileStillGivesAtMostTheLimitInTime(@TempDir Path dir) {
        // three hours of audio (8-bit 4 kHz keeps the fixture at 43 MB); decoded to 172 million samples
        Path wav = new MediaFixtures(dir).tone("long.wav", 3 * 3600, "-ar", "4000", "-c:a", "pcm_u8");
        Map<String, Object> audioFacts = MediaFixtures.audioAnalyzer().analyze(input(wav, "audio/wav")).facts();
        assertThat((Double) audioFacts.get("duration")).isCloseTo(10_800.0, offset(1.0));

        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        List<Double> waveform = waveform(analyzer.analyze(input(wav, "audio/wav", audioFacts)));
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

        assertThat(waveform).hasSize(500).allSatisfy(amplitude -> assertThat(amplitude).isCloseTo(TONE_RMS, offset(0.01)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(MediaSettings.DEFAULTS.waveformTimeout());
        // the 345 MB of decoded PCM streamed through a fixed buffer: nothing near its size was ever allocated
        assertThat(allocated).isLessThan(16L << 20);
    }

    @Test
    void aDurationThatLiesCannotPassTheLimit(@TempDir Path dir) {
        Path wav = new MediaFixtures(dir).tone("tone.wav", 60, "-c:a", "pcm_s16le", "-ar", "8000");

        // an earlier analyzer believed the header: one second. Sixty come, and the points merge.
        List<Double> waveform = waveform(analyzer.analyze(input(wav, "audio/wav", Map.of("duration", 1.0))));
        List<Double> withoutDuration = waveform(analyzer.analyze(input(wav, "audio/wav")));

        assertThat(waveform).hasSizeBetween(250, 500);
        assertThat(withoutDuration).hasSizeBetween(250, 500);
    }

    @Test
    void theDecodedDurationIsCapped(@TempDir Path dir) {
        Path wav = new MediaFixtures(dir).tone("tone.wav", 4, "-c:a", "pcm_s16le", "-ar", "8000");
        // a 1 s cap on a 4 s file: ffmpeg stops after a second, so a 4 s duration gives a quarter of the points
        WaveformAnalyzer capped = MediaFixtures.waveformAnalyzer(MediaSettings.from(Map.of("waveform_max_duration", 1, "waveform_points", 100)));

        List<Double> waveform = waveform(capped.analyze(input(wav, "audio/wav", Map.of("duration", 4.0))));

        assertThat(waveform).hasSize(100);
        assertThat(waveform(capped.analyze(input(wav, "audio/wav")))).hasSizeLessThanOrEqualTo(100);
    }
}

package dev.affix.media;

import static dev.affix.media.MediaFixtures.blob;
import static dev.affix.media.MediaFixtures.preview;
import static dev.affix.media.MediaFixtures.previewTarget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.blob.Blob;
import dev.affix.variant.ProcessingLimits;
import dev.affix.variant.TransformationFailedException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Waveforms drawn from metadata alone: the audio file given is never read. */
class WaveformPreviewerTest {

    private static final ProcessingLimits LIMITS = ProcessingLimits.DEFAULTS;

    private final WaveformPreviewer previewer = new WaveformPreviewer();

    @TempDir
    Path dir;

    private Path source;

    @BeforeEach
    void noAudioAtAll() throws IOException {
        // not audio: the previewer must draw from the metadata without decoding anything
        source = Files.writeString(dir.resolve("not-decoded.mp3"), "no audio here");
    }

    @Test
    void acceptsAudioWhoseWaveformIsKnownOrNotAnalysedYet() {
        assertThat(previewer.name()).isEqualTo("waveform");
        assertThat(previewer.accepts(blob("audio/mpeg", Map.of("analyzed", true, "waveform", List.of(0.5))))).isTrue();
        assertThat(previewer.accepts(blob("audio/mpeg"))).as("not analysed yet: tried, and retried later").isTrue();
        assertThat(previewer.accepts(blob("audio/mpeg", Map.of("analyzed", true)))).as("analysed, no waveform: never will have").isFalse();
        assertThat(previewer.accepts(blob("video/mp4", Map.of("analyzed", true, "waveform", List.of(0.5))))).isFalse();
        assertThat(previewer.accepts(blob(null))).isFalse();
    }

    @Test
    void drawsTheWaveformAt1200By300WithTallerBarsWhereItIsLouder() throws IOException {
        // a quiet first half and a loud second half, as the analyzer writes it
        List<Double> waveform = new ArrayList<>(Collections.nCopies(250, 0.1));
        waveform.addAll(Collections.nCopies(250, 0.8));

        BufferedImage picture = preview(previewer, analysed(waveform), source, LIMITS);

        assertThat(picture.getWidth()).isEqualTo(1200);
        assertThat(picture.getHeight()).isEqualTo(300);
        int quiet = barHeight(picture, 300);
        int loud = barHeight(picture, 900);
        assertThat(loud).isBetween(260, 280); // the loudest point is 90% of the height
        assertThat(quiet).isBetween(loud / 8 - 2, loud / 8 + 2);
        // bars are centred on the middle line
        assertThat(isBar(picture, 300, 150)).isTrue();
        assertThat(isBar(picture, 300, 20)).isFalse();
    }

    @Test
    void moreAmplitudesThanColumnsAreFoldedIntoBars() throws IOException {
        List<Double> waveform = new ArrayList<>(Collections.nCopies(5000, 0.2));
        waveform.set(4200, 0.9); // one loud point: its bar is the loudest of those it covers

        BufferedImage picture = preview(previewer, analysed(waveform), source, LIMITS);

        int loudColumn = 4200 * 1200 / 5000;
        assertThat(barHeight(picture, loudColumn)).isGreaterThan(3 * barHeight(picture, 100));
    }

    @Test
    void silenceIsAThinLine() throws IOException {
        BufferedImage picture = preview(previewer, analysed(Collections.nCopies(100, 0.0)), source, LIMITS);

        assertThat(barHeight(picture, 600)).isEqualTo(1);
    }

    @Test
    void thePixelLimitShrinksThePicture() throws IOException {
        BufferedImage picture = preview(previewer, analysed(List.of(0.2, 0.4)), source, new ProcessingLimits(30_000, Duration.ofSeconds(5)));

        assertThat(picture.getWidth()).isEqualTo(346);
        assertThat(picture.getHeight()).isEqualTo(86);
        assertThat((long) picture.getWidth() * picture.getHeight()).isLessThanOrEqualTo(30_000);
    }

    @Test
    void withoutAWaveformYetItFailsAsNotAnalysedYet() {
        assertThatThrownBy(() -> preview(previewer, blob("audio/mpeg"), source, LIMITS))
                .isInstanceOf(TransformationFailedException.class)
                .hasMessage("cannot preview the waveform of blob 42: its waveform is not analysed yet");
        assertThat(previewTarget(source)).doesNotExist();
    }

    @Test
    void aWaveformThatIsNotAListOfNumbersIsRefused() {
        for (Object notAWaveform : List.of("0.1,0.2", List.of(), List.of(0.1, "loud"), Map.of("0", 0.1))) {
            assertThatThrownBy(() -> preview(previewer, blob("audio/mpeg", Map.of("analyzed", true, "waveform", notAWaveform)), source, LIMITS))
                    .as("%s", notAWaveform)
                    .isInstanceOf(TransformationFailedException.class)
                    .hasMessage("cannot preview the waveform of blob 42: its metadata's waveform is not a list of amplitudes");
        }
    }

    @Test
    void amplitudesOutsideZeroToOneAreHeldToIt() throws IOException {
        // from the database, which anyone may have written: a negative, a huge value, integers
        BufferedImage picture = preview(previewer, analysed(List.of(-3, 0.5, 1e9, 1L)), source, LIMITS);

        assertThat(barHeight(picture, 150)).isEqualTo(1);
        assertThat(barHeight(picture, 450)).isBetween(133, 137);
        assertThat(barHeight(picture, 750)).isEqualTo(barHeight(picture, 1050)).isBetween(268, 272);
    }

    private static Blob analysed(List<? extends Number> waveform) {
        return blob("audio/mpeg", Map.of("analyzed", true, "waveform", waveform));
    }

    /** How many pixels of a column are drawn in the bars' colour. */
    static int barHeight(BufferedImage picture, int x) {
        int drawn = 0;
        for (int y = 0; y < picture.getHeight(); y++) {
            if (isBar(picture, x, y)) {
                drawn++;
            }
        }
        return drawn;
    }

    private static boolean isBar(BufferedImage picture, int x, int y) {
        return (picture.getRGB(x, y) & 0xffffff) == (WaveformPicture.BARS.getRGB() & 0xffffff);
    }
}

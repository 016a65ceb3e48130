package dev.affix.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.Affix;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.InlineJobRunner;
import dev.affix.variant.ProcessingLimits;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The media analyzers found on the class path and run by Affix's own pipeline, as an application gets them, and a preview drawn from what they stored. */
class MediaPipelineTest {

    @TempDir
    Path dir;

    @Test
    void anAttachedAudioFileGetsItsDurationAndAWaveformOfAtMostTheConfiguredPoints() {
        Path tone = new MediaFixtures(dir).tone("tone.wav", 3, "-c:a", "pcm_s16le");
        try (Affix affix = affix(Map.of("waveform_points", 100))) {
            Blob attached = affix.one(RecordRef.of("Song", 1), "track").attach(tone).blob();

            Map<String, Object> metadata = affix.blobs().require(attached.id()).metadata();

            assertThat(metadata).containsEntry("analyzed", true).containsEntry("identified", true);
            assertThat(((Number) metadata.get("duration")).doubleValue()).isBetween(2.9, 3.1);
            assertThat((List<?>) metadata.get("waveform")).hasSizeBetween(90, 100)
                    .allSatisfy(point -> assertThat(((Number) point).doubleValue()).isBetween(0.0, 1.0));
        }
    }

    @Test
    void theWaveformPreviewIsDrawnFromTheWaveformTheAnalyzerStored() throws IOException {
        // a second of quiet, then a second at full volume
        Path tone = new MediaFixtures(dir).make("quiet-then-loud.wav", "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
                "-af", "volume='if(lt(t,1),0.1,1)':eval=frame", "-c:a", "pcm_s16le");
        try (Affix affix = affix(Map.of("waveform_points", 100))) {
            Blob attached = affix.one(RecordRef.of("Song", 3), "track").attach(tone).blob();
            // the blob as stored: its metadata read back from the database's JSON
            Blob stored = affix.blobs().require(attached.id());
            WaveformPreviewer previewer = new WaveformPreviewer();

            assertThat(previewer.accepts(stored)).isTrue();
            BufferedImage picture = MediaFixtures.preview(previewer, stored, tone, ProcessingLimits.DEFAULTS);

            assertThat(picture.getWidth()).isEqualTo(1200);
            assertThat(picture.getHeight()).isEqualTo(300);
            int quiet = WaveformPreviewerTest.barHeight(picture, 300);
            int loud = WaveformPreviewerTest.barHeight(picture, 900);
            assertThat(loud).isBetween(260, 280);
            assertThat(quiet).isBetween(loud / 10 - 3, loud / 10 + 3);
        }
    }

    @Test
    void anAttachedVideoGetsItsSizeAndDuration() {
        Path video = new MediaFixtures(dir).video("clip.mp4");
        try (Affix affix = affix(Map.of())) {
            Blob attached = affix.one(RecordRef.of("Song", 2), "track").attach(video).blob();

            Map<String, Object> metadata = affix.blobs().require(attached.id()).metadata();

            assertThat(((Number) metadata.get("width")).intValue()).isEqualTo(320);
            assertThat(((Number) metadata.get("height")).intValue()).isEqualTo(240);
            assertThat(((Number) metadata.get("duration")).doubleValue()).isBetween(1.9, 2.1);
            assertThat(metadata).containsEntry("video", true).containsEntry("audio", true).doesNotContainKey("waveform");
        }
    }

    private Affix affix(Map<String, Object> analysis) {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:media-pipeline-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        AffixConfig.Builder config = AffixConfig.builder()
                .secret("media-pipeline-test-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null))
                .disk("local", dir.resolve("storage"))
                .attachment("Song.track", Map.of("kind", "one"));
        analysis.forEach(config::analysisSetting);
        return Affix.builder(config.build()).dataSource(database).jobRunner(new InlineJobRunner()).build();
    }
}

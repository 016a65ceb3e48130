package dev.affix.media;

import static dev.affix.media.MediaFixtures.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.affix.analysis.AnalysisResult;
import dev.affix.analysis.Analyzer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken files, made with ffmpeg: each is analysed without an exception, a hang or a
 * leak, and gives nothing, or only what its own bytes soundly say.
 */
class BadInputTest {

    private final VideoAnalyzer video = MediaFixtures.videoAnalyzer();
    private final AudioAnalyzer audio = MediaFixtures.audioAnalyzer();
    private final WaveformAnalyzer waveform = MediaFixtures.waveformAnalyzer(MediaSettings.DEFAULTS);

    /** Every analyzer on the file, as the pipeline would run each that accepts it; none may throw. */
    private Map<String, Map<String, Object>> analyzeWithAll(Path file, String videoType, String audioType) {
        Map<String, Object> audioFacts = audio.analyze(input(file, audioType)).facts();
        return Map.of(
                "video", video.analyze(input(file, videoType)).facts(),
                "audio", audioFacts,
                "waveform", waveform.analyze(input(file, audioType, audioFacts)).facts());
    }

    @Test
    void anEmptyFileGivesNothing(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.mp4"));

        assertThat(analyzeWithAll(empty, "video/mp4", "audio/mpeg")).allSatisfy((analyzer, facts) -> assertThat(facts).isEmpty());
    }

    @Test
    void aTruncatedFileGivesNothingOrWhatItsHeaderSays(@TempDir Path dir) throws IOException {
        MediaFixtures fixtures = new MediaFixtures(dir);
        // FFmpeg writes the index (moov) last: without the end there is no index
        Path indexLast = fixtures.video("index-last.mp4");
        Path headOnly = Files.write(dir.resolve("head.mp4"), Arrays.copyOf(Files.readAllBytes(indexLast), 10_000));
        // with the index first, the header survives and the data is cut in half
        Path indexFirst = fixtures.video("index-first.mp4", "-movflags", "+faststart");
        byte[] bytes = Files.readAllBytes(indexFirst);
        Path halfData = Files.write(dir.resolve("half.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
        Path mp3 = fixtures.tone("tone.mp3", 4, "-c:a", "libmp3lame");
        byte[] mp3Bytes = Files.readAllBytes(mp3);
        Path halfMp3 = Files.write(dir.resolve("half.mp3"), Arrays.copyOf(mp3Bytes, mp3Bytes.length / 2));

        assertThat(analyzeWithAll(headOnly, "video/mp4", "audio/mp4")).allSatisfy((analyzer, facts) -> assertThat(facts).isEmpty());
        assertThat(video.analyze(input(halfData, "video/mp4")).facts()).containsEntry("width", 320.0).containsEntry("video", true);
        // the MP3 header cannot know it was cut: the waveform covers the half that is there
        Map<String, Map<String, Object>> cut = analyzeWithAll(halfMp3, "video/mpeg", "audio/mpeg");
        assertThat(cut.get("waveform").get("waveform")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSizeBetween(200, 260);
    }

    @Test
    void corruptBytesAreSurvived(@TempDir Path dir) throws IOException {
        MediaFixtures fixtures = new MediaFixtures(dir);
        Path mp3 = fixtures.tone("tone.mp3", 2, "-c:a", "libmp3lame");
        byte[] bytes = Files.readAllBytes(mp3);
        Random random = new Random(7);
        for (int i = bytes.length / 4; i < bytes.length * 3 / 4; i += 7) {
            bytes[i] = (byte) random.nextInt();
        }
        Path damaged = Files.write(dir.resolve("damaged.mp3"), bytes);
        byte[] noise = new byte[100_000];
        random.nextBytes(noise);
        Path garbage = Files.write(dir.resolve("garbage.mp4"), noise);

        Map<String, Map<String, Object>> damagedFacts = analyzeWithAll(damaged, "video/mpeg", "audio/mpeg");
        assertThat(damagedFacts.get("audio")).containsKey("duration");
        assertThat(damagedFacts.get("waveform").get("waveform")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSizeLessThanOrEqualTo(500)
                .allSatisfy(amplitude -> assertThat((Double) amplitude).isBetween(0.0, 1.0));
        assertThat(analyzeWithAll(garbage, "video/mp4", "audio/mp4")).allSatisfy((analyzer, facts) -> assertThat(facts).isEmpty());
    }

    @Test
    void aVideoWithNoFramesHasNoPicture(@TempDir Path dir) {
        Path noFrames = new MediaFixtures(dir).make("no-frames.mp4", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10",
                "-frames:v", "0", "-c:v", "libx264");

        Map<String, Object> facts = video.analyze(input(noFrames, "video/mp4")).facts();

        assertThat(facts).doesNotContainKeys("width", "height", "angle").containsEntry("video", false).containsEntry("audio", false);
    }

    @Test
    void aPlaylistPointingAtOtherFilesAndUrlsIsNeverFollowed(@TempDir Path dir) throws Exception {
        MediaFixtures fixtures = new MediaFixtures(dir);
        Path elsewhere = fixtures.video("elsewhere.mp4");
        // a named pipe nobody writes to: a tool that tried to read it would hang there until killed
        Path trap = dir.resolve("trap.ts");
        mkfifo(trap);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/segment.ts";
            // names as each format's own safety checks let through: HLS segments with media extensions,
            // ffconcat entries relative to the list
            Path hls = Files.writeString(dir.resolve("playlist.mp4"), "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n"
                    + "#EXTINF:2,\nfile:" + elsewhere + "\n#EXTINF:2,\n" + url + "\n#EXTINF:2,\ntrap.ts\n#EXT-X-ENDLIST\n");
            Path ffconcat = Files.writeString(dir.resolve("list.ffconcat"),
                    "ffconcat version 1.0\nfile 'elsewhere.mp4'\nfile '" + url + "'\nfile 'trap.ts'\n");

            for (Path playlist : List.of(hls, ffconcat)) {
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                    assertThat(analyzeWithAll(playlist, "video/mp4", "audio/x-mpegurl"))
                            .as("facts from %s", playlist.getFileName())
                            .allSatisfy((analyzer, facts) -> assertThat(facts).isEmpty());
                });
            }

            server.setSoTimeout(500);
            assertThat(connectionAttempted(server)).as("a tool connected to the playlist's URL").isFalse();
        }
    }

    @Test
    void aDeclaredTypeThatLiesGetsOnlyWhatTheBytesSay(@TempDir Path dir) throws IOException {
        MediaFixtures fixtures = new MediaFixtures(dir);
        Path png = fixtures.make("picture.png", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=1", "-frames:v", "1");
        Path wav = fixtures.tone("tone.wav", 1, "-c:a", "pcm_s16le");
        Path text = Files.writeString(dir.resolve("notes.mp3"), "just some text, not audio at all\n".repeat(100));

        // image decoders and demuxers are outside the allow-list: an image is no video
        assertThat(video.analyze(input(png, "video/mp4")).facts()).isEmpty();
        assertThat(audio.analyze(input(text, "audio/mpeg")).facts()).isEmpty();
        // a sound file called a video is described as what it is: sound, no picture
        assertThat(video.analyze(input(wav, "video/mp4")).facts()).doesNotContainKeys("width", "height")
                .containsEntry("audio", true).containsEntry("video", false).containsEntry("duration", 1.0);
    }

    @Test
    void aNameThatLooksLikeAProtocolOrAnOptionIsJustAFile(@TempDir Path dir) throws IOException {
        Path clip = new MediaFixtures(dir).video("clip.mp4");
        for (String name : List.of("http:clip.mp4", "-i", "concat:a|b")) {
            Path odd = Files.copy(clip, dir.resolve(name));

            assertThat(video.analyze(input(odd, "video/mp4")).facts()).as(name).containsEntry("width", 320.0);
        }
    }

    @Test
    void aHangingInputIsKilledAtTheTimeout(@TempDir Path dir) throws Exception {
        Path pipe = dir.resolve("hanging.mp4");
        mkfifo(pipe);
        MediaSettings quick = MediaSettings.from(Map.of("probe_timeout", 1, "waveform_timeout", 1));
        List<Analyzer> analyzers = List.of(new VideoAnalyzer(new Ffprobe(MediaFixtures.tool("ffprobe"), quick.probeTimeout())),
                new AudioAnalyzer(new Ffprobe(MediaFixtures.tool("ffprobe"), quick.probeTimeout())),
                MediaFixtures.waveformAnalyzer(quick));

        for (Analyzer analyzer : analyzers) {
            long start = System.nanoTime();
            AnalysisResult result = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> analyzer.analyze(input(pipe, "audio/mpeg")));

            assertThat(result.facts()).as(analyzer.name()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(analyzer.name()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
        }
    }

    private static boolean connectionAttempted(ServerSocket server) throws IOException {
        try (var socket = server.accept()) {
            return socket != null;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static void mkfifo(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
    }
}

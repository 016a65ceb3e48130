package dev.affix.media;

import static dev.affix.media.MediaFixtures.blob;
import static dev.affix.media.MediaFixtures.preview;
import static dev.affix.media.MediaFixtures.previewTarget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.affix.blob.Blob;
import dev.affix.variant.ProcessingLimits;
import dev.affix.variant.TransformationFailedException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One frame of videos made here by ffmpeg, and the refusals of what has none or is not a video. */
class VideoPreviewerTest {

    private static final ProcessingLimits LIMITS = ProcessingLimits.DEFAULTS;
    private static final Blob NOT_ANALYSED = blob("video/mp4");

    private final VideoPreviewer previewer = MediaFixtures.videoPreviewer();

    @TempDir
    Path dir;

    @Test
    void acceptsVideosOnly() {
        assertThat(previewer.name()).isEqualTo("video");
        assertThat(previewer.accepts(blob("video/mp4"))).isTrue();
        assertThat(previewer.accepts(blob("video/webm"))).isTrue();
        assertThat(previewer.accepts(blob("audio/mpeg"))).isFalse();
        assertThat(previewer.accepts(blob("image/png"))).isFalse();
        assertThat(previewer.accepts(blob(null))).isFalse();
    }

    @Test
    void drawsAFrameAtTheVideosSize() throws IOException {
        Path clip = new MediaFixtures(dir).video("clip.mp4");

        BufferedImage frame = preview(previewer, blob("video/mp4", Map.of("duration", 2.0)), clip, LIMITS);

        assertThat(frame.getWidth()).isEqualTo(320);
        assertThat(frame.getHeight()).isEqualTo(240);
        // ffmpeg's test pattern: colour bars and a gradient, not one flat colour
        assertThat(colours(frame)).hasSizeGreaterThan(20);
    }

    @Test
    void aFrameIsTakenATenthOfTheWayInPastAFadeFromBlack() throws IOException {
        Path fadingIn = new MediaFixtures(dir).make("fade.mp4", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=10",
                "-vf", "fade=in:st=0:d=0.5", "-c:v", "libx264", "-pix_fmt", "yuv420p");

        BufferedImage analysed = preview(previewer, blob("video/mp4", Map.of("duration", 10.0)), fadingIn, LIMITS);
        Files.delete(previewTarget(fadingIn));
        BufferedImage firstFrame = preview(previewer, NOT_ANALYSED, fadingIn, LIMITS);

        assertThat(meanBrightness(analysed)).isGreaterThan(0.3);
        assertThat(meanBrightness(firstFrame)).as("without a duration, the first frame: black").isLessThan(0.05);
    }

    @Test
    void aDurationThatLiesGivesTheFirstFrame() throws IOException {
        Path clip = new MediaFixtures(dir).video("clip.mp4");

        // a tenth of 1000 s is past the end of 2 s: nothing there, so the first frame
        BufferedImage frame = preview(previewer, blob("video/mp4", Map.of("duration", 1000.0)), clip, LIMITS);

        assertThat(frame.getWidth()).isEqualTo(320);
        assertThat(frame.getHeight()).isEqualTo(240);
    }

    @Test
    void aFrameWithMorePixelsThanTheLimitIsShrunkEvenly() throws IOException {
        Path clip = new MediaFixtures(dir).video("clip.mp4");

        BufferedImage frame = preview(previewer, NOT_ANALYSED, clip, new ProcessingLimits(160 * 120, LIMITS.timeout()));

        assertThat(frame.getWidth()).isEqualTo(160);
        assertThat(frame.getHeight()).isEqualTo(120);
    }

    @Test
    void nonSquarePixelsAreDrawnAsDisplayed() throws IOException {
        // 320x240 stored, shown 16:9: a player shows 426 wide and 240 high
        Path anamorphic = new MediaFixtures(dir).make("wide.mp4", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10:duration=1",
                "-vf", "setdar=16/9", "-c:v", "libx264", "-pix_fmt", "yuv420p");

        BufferedImage frame = preview(previewer, NOT_ANALYSED, anamorphic, LIMITS);

        assertThat(frame.getWidth()).isEqualTo(426);
        assertThat(frame.getHeight()).isEqualTo(240);
    }

    @Test
    void aVideoTurnedAQuarterIsDrawnTurned() throws IOException {
        MediaFixtures fixtures = new MediaFixtures(dir);
        Path upright = fixtures.video("upright.mp4");
        Path rotated = fixtures.make("rotated.mp4", "-i", upright.toString(), "-c", "copy", "-metadata:s:v", "rotate=90");

        BufferedImage frame = preview(previewer, NOT_ANALYSED, rotated, LIMITS);

        assertThat(frame.getWidth()).isEqualTo(240);
        assertThat(frame.getHeight()).isEqualTo(320);
    }

    @Test
    void soundWithoutPictureHasNoPreview() {
        Path wav = new MediaFixtures(dir).tone("tone.wav", 1, "-c:a", "pcm_s16le");

        assertThatThrownBy(() -> preview(previewer, blob("video/mp4", Map.of("duration", 1.0)), wav, LIMITS))
                .isInstanceOf(TransformationFailedException.class)
                .hasMessage("cannot preview the video of blob 42: it has no video stream");
        assertThat(previewTarget(wav)).doesNotExist();
    }

    @Test
    void aVideoStreamWithoutFramesHasNoPreview() {
        Path noFrames = new MediaFixtures(dir).make("no-frames.mp4", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10",
                "-frames:v", "0", "-c:v", "libx264");

        assertThatThrownBy(() -> preview(previewer, NOT_ANALYSED, noFrames, LIMITS))
                .isInstanceOf(TransformationFailedException.class)
                .hasMessageStartingWith("cannot preview the video of blob 42: it has no video");
        assertThat(previewTarget(noFrames)).doesNotExist();
    }

    @Test
    void bytesThatAreNoVideoFailCleanly() throws IOException {
        byte[] noise = new byte[100_000];
        new Random(7).nextBytes(noise);
        Path garbage = Files.write(dir.resolve("garbage.mp4"), noise);
        Path picture = new MediaFixtures(dir).make("picture.png", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=1", "-frames:v", "1");

        assertThatThrownBy(() -> preview(previewer, NOT_ANALYSED, garbage, LIMITS))
                .isInstanceOf(TransformationFailedException.class)
                .hasMessageStartingWith("cannot preview the video of blob 42: ffmpeg failed");
        // image demuxers are outside the allow-list: a picture called a video is not drawn
        assertThatThrownBy(() -> preview(previewer, NOT_ANALYSED, picture, LIMITS))
                .isInstanceOf(TransformationFailedException.class)
                .hasMessageStartingWith("cannot preview the video of blob 42: ffmpeg failed");
    }

    @Test
    void aPlaylistPointingAtOtherFilesAndUrlsIsNeverFollowed() throws Exception {
        Path elsewhere = new MediaFixtures(dir).video("elsewhere.mp4");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/segment.ts";
            Path hls = Files.writeString(dir.resolve("playlist.mp4"), "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n"
                    + "#EXTINF:2,\nfile:" + elsewhere + "\n#EXTINF:2,\n" + url + "\n#EXT-X-ENDLIST\n");
            Path ffconcat = Files.writeString(dir.resolve("list.ffconcat"), "ffconcat version 1.0\nfile 'elsewhere.mp4'\nfile '" + url + "'\n");

            for (Path playlist : new Path[] {hls, ffconcat}) {
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> preview(previewer, NOT_ANALYSED, playlist, LIMITS))
                        .as(playlist.getFileName().toString())
                        .isInstanceOf(TransformationFailedException.class));
                assertThat(previewTarget(playlist)).doesNotExist();
            }

            server.setSoTimeout(500);
            assertThat(connectionAttempted(server)).as("ffmpeg connected to the playlist's URL").isFalse();
        }
    }

    @Test
    void aHangingInputIsKilledAtTheTimeout() throws Exception {
        Path pipe = dir.resolve("hanging.mp4");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).as("mkfifo").isZero();

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
                () -> preview(previewer, blob("video/mp4", Map.of("duration", 5.0)), pipe, new ProcessingLimits(1_000_000, Duration.ofSeconds(1))))
                .isInstanceOf(TransformationFailedException.class)
                .hasMessage("cannot preview the video of blob 42: ffmpeg ran longer than 1000 ms and was killed"));
    }

    private static Set<Integer> colours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return colours;
    }

    private static double meanBrightness(BufferedImage image) {
        double sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                sum += ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
            }
        }
        return sum / (3 * 255.0 * image.getWidth() * image.getHeight());
    }

    private static boolean connectionAttempted(ServerSocket server) throws IOException {
        try (Socket socket = server.accept()) {
            return socket != null;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }
}

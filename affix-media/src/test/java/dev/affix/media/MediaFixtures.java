package dev.affix.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.analysis.AnalysisInput;
import dev.affix.blob.Blob;
import dev.affix.tool.ExternalTool;
import dev.affix.tool.ToolLimits;
import dev.affix.variant.OutputFormat;
import dev.affix.variant.PreviewRequest;
import dev.affix.variant.Previewer;
import dev.affix.variant.ProcessingLimits;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Real media files made by ffmpeg from its synthetic sources (lavfi), in a test's directory, and the
 * tools and analyzers the tests run on them. FFmpeg must be installed: .ci/run installs it.
 */
final class MediaFixtures {

    private static final ToolLimits LIMITS = new ToolLimits(Duration.ofMinutes(2), 1 << 20);

    private final Path dir;

    MediaFixtures(Path dir) {
        this.dir = dir;
    }

    static ExternalTool tool(String name) {
        return ExternalTool.find(name).orElseThrow(() -> new AssertionError(name + " is not on PATH: install FFmpeg (apt-get install ffmpeg)"));
    }

    static Ffprobe ffprobe() {
        return new Ffprobe(tool("ffprobe"), MediaSettings.DEFAULTS.probeTimeout());
    }

    static VideoAnalyzer videoAnalyzer() {
        return new VideoAnalyzer(ffprobe());
    }

    static VideoPreviewer videoPreviewer() {
        return new VideoPreviewer(tool("ffmpeg"));
    }

    static AudioAnalyzer audioAnalyzer() {
        return new AudioAnalyzer(ffprobe());
    }

    static WaveformAnalyzer waveformAnalyzer(MediaSettings settings) {
        return new WaveformAnalyzer(tool("ffmpeg"), settings);
    }

    static Blob blob(String contentType) {
        return blob(contentType, Map.of());
    }

    static Blob blob(String contentType, Map<String, Object> metadata) {
        return new Blob(42, "key", "upload", contentType, metadata, "local", 0, null, Instant.now());
    }

    /** Asks the previewer for the blob's preview, as the pipeline does, and reads back the PNG it wrote. */
    static BufferedImage preview(Previewer previewer, Blob blob, Path source, ProcessingLimits limits) throws IOException {
        Path target = previewTarget(source);
        assertThat(previewer.preview(new PreviewRequest(blob, source, target, limits))).isEqualTo(OutputFormat.PNG);
        BufferedImage image = ImageIO.read(target.toFile());
        if (image == null) {
            throw new AssertionError("the preview of " + source + " is not an image ImageIO reads");
        }
        return image;
    }

    /** Where {@link #preview} has the previewer write, to check that a failure left nothing there. */
    static Path previewTarget(Path source) {
        return source.resolveSibling(source.getFileName() + ".preview.png");
    }

    static AnalysisInput input(Path file, String contentType) {
        return input(file, contentType, Map.of());
    }

    static AnalysisInput input(Path file, String contentType, Map<String, Object> earlier) {
        return new AnalysisInput(blob(contentType), file, earlier);
    }

    /** Runs ffmpeg with these arguments, writing {@code name} in the fixtures' directory. */
    Path make(String name, String... arguments) {
        Path output = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(arguments));
        command.add(output.toString());
        tool("ffmpeg").capture(command, LIMITS);
        return output;
    }

    /** 320x240, 2 s of test pattern at 10 fps with a 440 Hz tone, H.264 and AAC in MP4. */
    Path video(String name, String... extraOutputOptions) {
        List<String> arguments = new ArrayList<>(List.of(
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10:duration=2",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
                "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"));
        arguments.addAll(List.of(extraOutputOptions));
        return make(name, arguments.toArray(String[]::new));
    }

    /** A tone of ffmpeg's default amplitude (1/8 of full scale), encoded by the options given. */
    Path tone(String name, double seconds, String... outputOptions) {
        List<String> arguments = new ArrayList<>(List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds));
        arguments.addAll(List.of(outputOptions));
        return make(name, arguments.toArray(String[]::new));
    }
}

package dev.affix.media;

import dev.affix.blob.Blob;
import dev.affix.tool.ExternalTool;
import dev.affix.tool.ToolException;
import dev.affix.tool.ToolLimits;
import dev.affix.tool.ToolTimeoutException;
import dev.affix.variant.OutputFormat;
import dev.affix.variant.PreviewRequest;
import dev.affix.variant.Previewer;
import dev.affix.variant.TransformationFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The {@code video} previewer: one frame of a video as a PNG, as displayed (turned by its display
 * matrix, non-square pixels made square), shrunk when it has more pixels than the request's limit.
 * ffmpeg reads the file confined exactly as the analyzers' ffprobe is ({@link ConfinedInput}: the one
 * local file, the demuxers of audio and video containers only, so no playlist is followed), writes the
 * PNG to its stdout, and is killed with its children at the request's timeout.
 *
 * <p>The frame is taken a tenth of the way in, 10 seconds at most, where the video analyzer's
 * {@code duration} says how long the video is: a first frame is often black, fading in. Without a
 * duration (not analysed yet) it is the first frame; when the duration lies and the position lies past
 * the end, the first frame too. Rails' previewer picks the first frame, a key frame or a scene change
 * with a select filter; a seek is as cheap and needs no filter state.
 */
public final class VideoPreviewer implements Previewer {

    private static final double SEEK_FRACTION = 0.1;
    private static final double LATEST_SEEK_SECONDS = 10;

    private final ExternalTool ffmpeg;

    VideoPreviewer(ExternalTool ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    @Override
    public String name() {
        return "video";
    }

    @Override
    public boolean accepts(Blob blob) {
        return blob.contentType() != null && blob.contentType().startsWith("video/");
    }

    @Override
    public OutputFormat preview(PreviewRequest request) {
        long deadline = System.nanoTime() + request.limits().timeout().toNanos();
        OptionalDouble seek = seekPosition(request.blob());
        long written = extract(request, seek, deadline);
        if (written == 0 && seek.isPresent()) {
            written = extract(request, OptionalDouble.empty(), deadline); // the duration promised more than there is
        }
        if (written == 0) {
            PreviewTarget.discard(request.target());
            throw failure(request, "it has no video frame to show", null);
        }
        return OutputFormat.PNG;
    }

    /** A tenth of the way in, at most {@link #LATEST_SEEK_SECONDS}; none when the duration is unknown. */
    private static OptionalDouble seekPosition(Blob blob) {
        return MediaStream.number(blob.metadata().get("duration"))
                .filter(seconds -> seconds > 0)
                .map(seconds -> OptionalDouble.of(Math.min(seconds * SEEK_FRACTION, LATEST_SEEK_SECONDS)))
                .orElse(OptionalDouble.empty());
    }

    /** Runs ffmpeg once; the bytes of PNG it wrote, 0 when it found no frame from that position on. */
    private long extract(PreviewRequest request, OptionalDouble seek, long deadline) {
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        if (left.isNegative() || left.isZero()) {
            throw failure(request, "no frame was found within " + request.limits().timeout().toMillis() + " ms", null);
        }
        long maxPixels = request.limits().maxPixels();
        // an RGB PNG stored uncompressed, at worst: 3 bytes a pixel, a filter byte a row, deflate's framing
        ToolLimits limits = new ToolLimits(left, Math.min(maxPixels, Long.MAX_VALUE / 8) * 4 + (1 << 20));
        try {
            return ffmpeg.run(arguments(request.source(), seek, maxPixels), limits,
                    (stdout, directory) -> Files.copy(stdout, request.target(), StandardCopyOption.REPLACE_EXISTING));
        } catch (ToolTimeoutException e) {
            PreviewTarget.discard(request.target());
            throw timedOut(request, e);
        } catch (ToolException e) {
            PreviewTarget.discard(request.target());
            if (e.stderrTail().contains("matches no streams")) {
                throw failure(request, "it has no video stream", e);
            }
            throw failure(request, e.getMessage(), e);
        }
    }

    private static List<String> arguments(Path file, OptionalDouble seek, long maxPixels) {
        List<String> arguments = new ArrayList<>(List.of("-nostdin"));
        arguments.addAll(ConfinedInput.globalOptions());
        if (seek.isPresent()) {
            arguments.addAll(List.of("-ss", String.format(Locale.ROOT, "%.3f", seek.getAsDouble())));
        }
        arguments.addAll(ConfinedInput.of(file));
        arguments.addAll(List.of(
                "-map", "0:v:0", "-an", "-sn", "-dn",
                "-frames:v", "1",
                "-vf", displayedWithin(maxPixels),
                "-pix_fmt", "rgb24", "-c:v", "png", "-f", "image2pipe", "pipe:1"));
        return arguments;
    }

    /**
     * The frame at its displayed size (the width times the sample aspect ratio), shrunk evenly when
     * width x height would pass {@code maxPixels}, never enlarged; then square pixels.
     */
    private static String displayedWithin(long maxPixels) {
        String shrink = "min(1,sqrt(" + maxPixels + "/(iw*sar*ih)))";
        return "scale=w='max(1,trunc(iw*sar*" + shrink + "))':h='max(1,trunc(ih*" + shrink + "))',setsar=1";
    }

    /** Named by the whole preview's timeout, which a second attempt shares with the first. */
    private static TransformationFailedException timedOut(PreviewRequest request, ToolTimeoutException cause) {
        return failure(request, "ffmpeg ran longer than " + request.limits().timeout().toMillis() + " ms and was killed", cause);
    }

    private static TransformationFailedException failure(PreviewRequest request, String problem, Throwable cause) {
        return new TransformationFailedException("cannot preview the video of blob " + request.blob().id() + ": " + problem, cause);
    }
}

package dev.affix.media;

import dev.affix.analysis.AnalysisResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A video's facts, with the keys, types and order of Rails' VideoAnalyzer so that a Rails application
 * sharing the tables reads them: {@code width} and {@code height} as displayed (floats: swapped when
 * the video is turned a quarter, the height following the display aspect ratio), {@code duration} in
 * seconds, {@code angle} when the video is rotated, {@code display_aspect_ratio} as {@code [w, h]},
 * and whether it has {@code audio} and {@code video} streams. Keys without a sound value are left out.
 */
public final class VideoAnalyzer extends ProbedAnalyzer {

    VideoAnalyzer(Ffprobe ffprobe) {
        super(ffprobe, "video", "video/");
    }

    @Override
    AnalysisResult facts(MediaProbe probe) {
        Optional<MediaStream> video = probe.first("video");
        Optional<Long> angle = video.flatMap(VideoAnalyzer::angle);
        Optional<List<Long>> aspect = video.flatMap(VideoAnalyzer::displayAspectRatio);
        Optional<Double> encodedWidth = video.flatMap(stream -> stream.positive("width"));
        Optional<Double> encodedHeight = video.flatMap(stream -> stream.positive("height"));
        // the height a player shows beside the encoded width, which differs when pixels are not square
        Optional<Double> shownHeight = encodedWidth.flatMap(width -> aspect.map(ratio -> width * ratio.get(1) / ratio.get(0)))
                .or(() -> encodedHeight);
        boolean quarterTurn = angle.map(degrees -> Math.abs(degrees) == 90 || Math.abs(degrees) == 270).orElse(false);

        Map<String, Object> facts = new LinkedHashMap<>();
        (quarterTurn ? shownHeight : encodedWidth).ifPresent(width -> facts.put("width", width));
        (quarterTurn ? encodedWidth : shownHeight).ifPresent(height -> facts.put("height", height));
        video.flatMap(stream -> stream.nonNegative("duration")).or(() -> probe.container().nonNegative("duration"))
                .ifPresent(duration -> facts.put("duration", duration));
        angle.ifPresent(degrees -> facts.put("angle", degrees));
        aspect.ifPresent(ratio -> facts.put("display_aspect_ratio", ratio));
        facts.put("audio", probe.first("audio").isPresent());
        facts.put("video", video.isPresent());
        return AnalysisResult.of(facts);
    }

    /** The {@code rotate} tag older FFmpegs wrote, else the display matrix's rotation, as Rails reads them. */
    private static Optional<Long> angle(MediaStream stream) {
        return MediaStream.wholeNumber(stream.tags().get("rotate")).or(stream::displayMatrixRotation);
    }

    /** {@code "16:9"} as {@code [16, 9]}; nothing for {@code "0:1"} or nonsense. */
    private static Optional<List<Long>> displayAspectRatio(MediaStream stream) {
        if (!(stream.fields().get("display_aspect_ratio") instanceof String descriptor)) {
            return Optional.empty();
        }
        String[] terms = descriptor.split(":", 2);
        if (terms.length != 2) {
            return Optional.empty();
        }
        Optional<Long> width = MediaStream.wholeNumber(terms[0]).filter(value -> value > 0);
        Optional<Long> height = MediaStream.wholeNumber(terms[1]).filter(value -> value > 0);
        return width.isPresent() && height.isPresent() ? Optional.of(List.of(width.get(), height.get())) : Optional.empty();
    }
}

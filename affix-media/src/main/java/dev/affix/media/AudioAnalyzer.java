package dev.affix.media;

import dev.affix.analysis.AnalysisResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An audio file's facts from its first audio stream, with the keys and types of Rails' AudioAnalyzer
 * (7.1): {@code duration} in seconds (a float), {@code bit_rate} in bits per second and
 * {@code sample_rate} in hertz (whole numbers), and the stream's {@code tags}. Where the stream does
 * not state its duration (Opus in WebM, as browsers record it) the container's is used. Keys without
 * a sound value are left out; a file with no audio stream gives nothing.
 */
public final class AudioAnalyzer extends ProbedAnalyzer {

    AudioAnalyzer(Ffprobe ffprobe) {
        super(ffprobe, "audio", "audio/");
    }

    @Override
    AnalysisResult facts(MediaProbe probe) {
        Optional<MediaStream> audio = probe.first("audio");
        if (audio.isEmpty()) {
            return AnalysisResult.nothing();
        }
        MediaStream stream = audio.get();
        Map<String, Object> facts = new LinkedHashMap<>();
        stream.nonNegative("duration").or(() -> probe.container().nonNegative("duration")).ifPresent(duration -> facts.put("duration", duration));
        stream.whole("bit_rate").filter(rate -> rate > 0).ifPresent(rate -> facts.put("bit_rate", rate));
        stream.whole("sample_rate").filter(rate -> rate > 0).ifPresent(rate -> facts.put("sample_rate", rate));
        Map<String, String> tags = stream.tags();
        if (!tags.isEmpty()) {
            facts.put("tags", tags);
        }
        return AnalysisResult.of(facts);
    }
}

package dev.affix.media;

import dev.affix.analysis.AnalysisInput;
import dev.affix.analysis.AnalysisResult;
import dev.affix.analysis.Analyzer;
import dev.affix.blob.Blob;
import dev.affix.tool.ExternalTool;
import dev.affix.tool.ToolException;
import dev.affix.tool.ToolLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An audio file's {@code waveform}: RMS amplitudes in 0..1, at most {@code analysis.waveform_points}
 * of them however long the audio, for players such as WaveSurfer. ffmpeg decodes the first audio
 * stream to 8 kHz mono 16-bit PCM on its stdout, which is folded into points as it arrives, in
 * constant memory. It builds on the audio analyzer: the {@code duration} found before it decides how
 * many samples each point covers (without one, or if it lies, points merge as samples keep coming).
 *
 * <p>It accepts audio only. A video's sound track is rarely drawn, and decoding a feature film's
 * audio for every upload costs more than it gives; an application that wants it wraps this analyzer
 * in one that also accepts {@code video/*} (the video analyzer's {@code duration} serves the same way).
 */
public final class WaveformAnalyzer implements Analyzer {

    /** The metadata key the amplitudes are written under, which the waveform previewer draws. */
    static final String METADATA_KEY = "waveform";

    /** The rate audio is decoded at: plenty for an amplitude envelope, and cheap to fold. */
    static final int SAMPLE_RATE = 8000;
    private static final int BYTES_PER_SAMPLE = 2;

    private final ExternalTool ffmpeg;
    private final MediaSettings settings;
    private final ToolLimits limits;
    private final double maxSeconds;

    WaveformAnalyzer(ExternalTool ffmpeg, MediaSettings settings) {
        this.ffmpeg = ffmpeg;
        this.settings = settings;
        this.maxSeconds = settings.waveformMaxDuration().toNanos() / 1e9;
        // -t already stops ffmpeg at the longest duration; the limit is the same bound (and a second), enforced here
        long maxBytes = (long) Math.ceil((maxSeconds + 1) * SAMPLE_RATE) * BYTES_PER_SAMPLE;
        this.limits = new ToolLimits(settings.waveformTimeout(), maxBytes);
    }

    @Override
    public String name() {
        return "waveform";
    }

    @Override
    public boolean accepts(Blob blob) {
        return blob.contentType() != null && blob.contentType().startsWith("audio/");
    }

    @Override
    public AnalysisResult analyze(AnalysisInput input) {
        long expectedSamples = MediaStream.number(input.earlier().get("duration"))
                .filter(seconds -> seconds > 0)
                .map(seconds -> (long) Math.ceil(Math.min(seconds, maxSeconds) * SAMPLE_RATE))
                .orElse(0L);
        List<Double> amplitudes;
        try {
            amplitudes = ffmpeg.run(arguments(input.file()), limits, (stdout, directory) -> fold(stdout, expectedSamples));
        } catch (ToolException e) {
            return NothingLearned.from(name(), input.blob(), e);
        }
        return amplitudes.isEmpty() ? AnalysisResult.nothing() : AnalysisResult.of(Map.of(METADATA_KEY, amplitudes));
    }

    private List<Double> fold(InputStream pcm, long expectedSamples) throws IOException {
        WaveformFolder folder = new WaveformFolder(settings.waveformPoints(), expectedSamples);
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = pcm.read(buffer)) >= 0) {
            folder.addPcm(buffer, 0, n);
        }
        return folder.amplitudes();
    }

    List<String> arguments(Path file) {
        List<String> arguments = new ArrayList<>(List.of("-nostdin"));
        arguments.addAll(ConfinedInput.globalOptions());
        arguments.addAll(ConfinedInput.of(file));
        arguments.addAll(List.of(
                "-map", "0:a:0", "-vn", "-sn", "-dn",
                "-t", String.valueOf(maxSeconds),
                "-ac", "1", "-ar", String.valueOf(SAMPLE_RATE),
                "-c:a", "pcm_s16le", "-f", "s16le", "pipe:1"));
        return arguments;
    }
}

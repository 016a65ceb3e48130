package dev.affix.media;

import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;
import dev.affix.tool.ExternalTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contributes the {@code video}, {@code audio} and {@code waveform} analyzers, in that order (the
 * waveform reads the audio analyzer's duration). ffprobe and ffmpeg are looked for once, here: an
 * analyzer whose tool is missing is disabled with one log line, and never fails an attach.
 */
public final class MediaExtension implements AffixExtension {

    private static final Logger LOG = LoggerFactory.getLogger(MediaExtension.class);

    @Override
    public String name() {
        return "media";
    }

    @Override
    public void contribute(Contributions contributions) {
        MediaSettings settings = MediaSettings.from(contributions.context().analysisSettings());
        Optional<ExternalTool> ffprobe = ExternalTool.find(settings.ffprobePath());
        Optional<ExternalTool> ffmpeg = ExternalTool.find(settings.ffmpegPath());

        List<String> missing = new ArrayList<>();
        List<String> disabled = new ArrayList<>();
        if (ffprobe.isPresent()) {
            Ffprobe probe = new Ffprobe(ffprobe.get(), settings.probeTimeout());
            contributions.analyzer(new VideoAnalyzer(probe));
            contributions.analyzer(new AudioAnalyzer(probe));
        } else {
            missing.add("ffprobe ('" + settings.ffprobePath() + "')");
            disabled.addAll(List.of("video", "audio"));
            contributions.analyzer(new DisabledAnalyzer("video"));
            contributions.analyzer(new DisabledAnalyzer("audio"));
        }
        if (ffmpeg.isPresent()) {
            contributions.analyzer(new WaveformAnalyzer(ffmpeg.get(), settings));
        } else {
            missing.add("ffmpeg ('" + settings.ffmpegPath() + "')");
            disabled.add("waveform");
            contributions.analyzer(new DisabledAnalyzer("waveform"));
        }
        if (!missing.isEmpty()) {
            LOG.warn("Media analysis: {} not found on PATH, so the {} analyzers are disabled; install FFmpeg "
                    + "(Debian and Ubuntu: apt-get install ffmpeg) or set analysis.ffprobe_path and analysis.ffmpeg_path",
                    String.join(" and ", missing), String.join(", ", disabled));
        }
    }
}

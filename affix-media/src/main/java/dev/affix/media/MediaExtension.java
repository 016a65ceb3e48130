package dev.affix.media;

import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;
import dev.affix.tool.ExternalTool;
import java.util.Optional;

/**
 * Contributes the {@code video}, {@code audio} and {@code waveform} analyzers, in that order (the
 * waveform reads the audio analyzer's duration), and the {@code video} and {@code waveform}
 * previewers, in that order (the waveform previewer draws the waveform analyzer's metadata). ffprobe
 * and ffmpeg are looked for once, here: an analyzer or previewer whose tool is missing is contributed
 * as disabled, which Affix logs once at start, and never fails an attach. The waveform previewer needs
 * no tool.
 */
public final class MediaExtension implements AffixExtension {

    @Override
    public String name() {
        return "media";
    }

    @Override
    public void contribute(Contributions contributions) {
        MediaSettings.KEYS.forEach(contributions::analysisSetting);
        MediaSettings settings = MediaSettings.from(contributions.context().analysisSettings());
        Optional<ExternalTool> ffprobe = ExternalTool.find(settings.ffprobePath());
        Optional<ExternalTool> ffmpeg = ExternalTool.find(settings.ffmpegPath());
        if (ffprobe.isPresent()) {
            Ffprobe probe = new Ffprobe(ffprobe.get(), settings.probeTimeout());
            contributions.analyzer(new VideoAnalyzer(probe));
            contributions.analyzer(new AudioAnalyzer(probe));
        } else {
            String reason = missing("ffprobe", settings.ffprobePath(), "ffprobe_path");
            contributions.disabledAnalyzer("video", reason);
            contributions.disabledAnalyzer("audio", reason);
        }
        if (ffmpeg.isPresent()) {
            contributions.analyzer(new WaveformAnalyzer(ffmpeg.get(), settings));
            contributions.previewer(new VideoPreviewer(ffmpeg.get()));
        } else {
            String reason = missing("ffmpeg", settings.ffmpegPath(), "ffmpeg_path");
            contributions.disabledAnalyzer("waveform", reason);
            contributions.disabledPreviewer("video", reason);
        }
        contributions.previewer(new WaveformPreviewer());
    }

    private static String missing(String tool, String configured, String key) {
        return tool + " ('" + configured + "') is not on the PATH: install FFmpeg (Debian and Ubuntu: apt-get install ffmpeg) "
                + "or set analysis." + key;
    }
}

package dev.affix.media;

import dev.affix.config.ConfigurationException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the media analyzers read from the configuration's {@code analysis:} section.
 *
 * @param waveformPoints      {@code waveform_points}: the most amplitudes a waveform has (500)
 * @param probeTimeout        {@code probe_timeout}: seconds ffprobe may take on one file (30)
 * @param waveformTimeout     {@code waveform_timeout}: seconds ffmpeg may take to decode one file's audio (120)
 * @param waveformMaxDuration {@code waveform_max_duration}: seconds of audio decoded at most (21600, six hours),
 *                            whatever the file's header claims
 * @param ffprobePath         {@code ffprobe_path}: the ffprobe to run, a name looked up on PATH or a path ({@code ffprobe})
 * @param ffmpegPath          {@code ffmpeg_path}: the ffmpeg to run, likewise ({@code ffmpeg})
 */
public record MediaSettings(int waveformPoints, Duration probeTimeout, Duration waveformTimeout, Duration waveformMaxDuration,
        String ffprobePath, String ffmpegPath) {

    /** The keys of {@code analysis:} these settings come from. */
    public static final List<String> KEYS = List.of("waveform_points", "probe_timeout", "waveform_timeout", "waveform_max_duration",
            "ffprobe_path", "ffmpeg_path");

    public static final MediaSettings DEFAULTS = new MediaSettings(500, Duration.ofSeconds(30), Duration.ofSeconds(120),
            Duration.ofHours(6), "ffprobe", "ffmpeg");

    public MediaSettings {
        if (waveformPoints < 1) {
            throw new ConfigurationException("analysis.waveform_points must be positive, not " + waveformPoints);
        }
        positive("probe_timeout", probeTimeout);
        positive("waveform_timeout", waveformTimeout);
        positive("waveform_max_duration", waveformMaxDuration);
        if (ffprobePath == null || ffprobePath.isBlank() || ffmpegPath == null || ffmpegPath.isBlank()) {
            throw new ConfigurationException("analysis.ffprobe_path and analysis.ffmpeg_path must not be empty");
        }
    }

    /** The settings in an {@code analysis:} section, the defaults for keys it lacks. */
    public static MediaSettings from(Map<String, ?> analysis) {
        return new MediaSettings(
                wholeNumber(analysis, "waveform_points", DEFAULTS.waveformPoints),
                seconds(analysis, "probe_timeout", DEFAULTS.probeTimeout),
                seconds(analysis, "waveform_timeout", DEFAULTS.waveformTimeout),
                seconds(analysis, "waveform_max_duration", DEFAULTS.waveformMaxDuration),
                text(analysis, "ffprobe_path", DEFAULTS.ffprobePath),
                text(analysis, "ffmpeg_path", DEFAULTS.ffmpegPath));
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ConfigurationException("analysis." + key + " must be a positive number of seconds, not " + value);
        }
    }

    private static int wholeNumber(Map<String, ?> analysis, String key, int fallback) {
        Object value = analysis.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            // YAML gives numbers, ${ENV} substitution gives strings
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("analysis." + key + " must be a whole number, not '" + value + "'");
        }
    }

    private static Duration seconds(Map<String, ?> analysis, String key, Duration fallback) {
        Object value = analysis.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            BigDecimal seconds = new BigDecimal(value.toString().trim());
            return Duration.ofNanos(seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigurationException("analysis." + key + " must be a number of seconds, not '" + value + "'");
        }
    }

    private static String text(Map<String, ?> analysis, String key, String fallback) {
        Object value = analysis.get(key);
        return value == null ? fallback : value.toString().trim();
    }
}

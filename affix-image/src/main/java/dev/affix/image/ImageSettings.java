package dev.affix.image;

import dev.affix.config.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The image analyzers' limits, read from the configuration's {@code analysis:} section:
 * {@code image_max_pixels} (the most pixels a file may have to be decoded, checked from its header),
 * {@code image_max_frames} (the most frames an animated or multi-page file may have to be decoded,
 * also checked before decoding) and {@code image_timeout} (seconds, fractions allowed: how long one
 * file's header and decode may take).
 */
public record ImageSettings(long maxPixels, int maxFrames, Duration timeout) {

    /** The keys of the {@code analysis:} section that these settings are read from. */
    public static final List<String> KEYS = List.of("image_max_pixels", "image_max_frames", "image_timeout");

    /** 100 megapixels, 1,000 frames, 10 seconds. */
    public static final ImageSettings DEFAULTS = new ImageSettings(100_000_000L, 1_000, Duration.ofSeconds(10));

    public ImageSettings {
        if (maxPixels < 1) {
            throw new ConfigurationException("analysis.image_max_pixels must be positive, not " + maxPixels);
        }
        if (maxFrames < 1) {
            throw new ConfigurationException("analysis.image_max_frames must be positive, not " + maxFrames);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new ConfigurationException("analysis.image_timeout must be positive, not " + timeout);
        }
    }

    /** The settings of an {@code analysis:} section; keys it does not set keep their defaults, other keys are not ours. */
    public static ImageSettings fromConfig(Map<String, ?> analysis) {
        return new ImageSettings(
                wholeNumber(analysis, "image_max_pixels", DEFAULTS.maxPixels),
                Math.toIntExact(Math.min(Integer.MAX_VALUE, wholeNumber(analysis, "image_max_frames", DEFAULTS.maxFrames))),
                seconds(analysis, "image_timeout", DEFAULTS.timeout));
    }

    private static long wholeNumber(Map<String, ?> analysis, String key, long fallback) {
        Object value = analysis.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            // YAML gives numbers, ${ENV} substitution gives strings
            return value instanceof Integer || value instanceof Long ? ((Number) value).longValue() : Long.parseLong(value.toString().trim());
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
            double seconds = value instanceof Number number ? number.doubleValue() : Double.parseDouble(value.toString().trim());
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new ConfigurationException("analysis." + key + " must be a positive number of seconds, not '" + value + "'");
            }
            return Duration.ofNanos(Math.round(seconds * 1_000_000_000d));
        } catch (NumberFormatException e) {
            throw new ConfigurationException("analysis." + key + " must be a number of seconds, not '" + value + "'");
        }
    }
}

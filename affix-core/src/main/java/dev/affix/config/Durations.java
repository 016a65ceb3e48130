package dev.affix.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in configuration and on the command line: seconds, 30s, 5m, 12h, 2d, or ISO-8601 (PT1H). */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([smhd]?)");

    private Durations() {
    }

    /**
     * @param key the setting's name, for the error
     * @throws IllegalArgumentException naming the key and the value when it is not a duration
     */
    public static Duration parse(String key, Object value) {
        String text = String.valueOf(value).trim();
        Matcher matcher = SHORT.matcher(text.toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " '" + value + "' is not a duration (seconds, 5m, 1h, 2d or ISO-8601)");
        }
    }
}

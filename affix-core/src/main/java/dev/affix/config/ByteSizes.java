package dev.affix.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people write them in configuration: bytes, or a number with a unit (10MB, 50MiB, 5GiB). */
public final class ByteSizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|kb|mb|gb|kib|mib|gib)");

    private ByteSizes() {
    }

    /**
     * @param key   the setting's name, for the error
     * @throws IllegalArgumentException naming the key and the value when it is not a size
     */
    public static long parse(String key, Object value) {
        Matcher matcher = SIZE.matcher(String.valueOf(value).trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(key + " '" + value + "' is not a size (bytes, or 10MB, 50MiB, 5GiB)");
        }
        long amount = Long.parseLong(matcher.group(1));
        long unit = switch (matcher.group(2)) {
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            default -> 1L;
        };
        return Math.multiplyExact(amount, unit);
    }
}

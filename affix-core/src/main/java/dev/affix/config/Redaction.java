package dev.affix.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of what configuration values print, so that a log line, an exception message or
 * a debugger's view of a settings record never shows a signing secret, a password or a cloud key.
 */
public final class Redaction {

    public static final String MASK = "****";
    private static final Pattern SECRET_NAME = Pattern.compile(".*(secret|password|passwd|token|credential|connection_string|sas"
            + "|access_key|account_key|private_key|api_key)(?!_id).*");
    private static final Pattern SECRET_IN_URL = Pattern.compile("(?i)((?:password|secret|token|sig)=)[^&;]*");

    private Redaction() {
    }

    /** Whether a configuration key names a secret ({@code secret_access_key}, {@code password}, …) but not an id. */
    public static boolean isSecretKey(String key) {
        return SECRET_NAME.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /** The value masked, or null for null. */
    public static String mask(Object value) {
        return value == null ? null : MASK;
    }

    /** A copy of a settings map with the values of secret keys masked, nested maps included. */
    public static Map<String, Object> masked(Map<String, ?> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (isSecretKey(key)) {
                out.put(key, mask(value));
            } else if (value instanceof Map<?, ?> nested) {
                Map<String, Object> inner = new LinkedHashMap<>();
                nested.forEach((k, v) -> inner.put(String.valueOf(k), v));
                out.put(key, masked(inner));
            } else {
                out.put(key, value);
            }
        });
        return out;
    }

    /** A URL with the values of password-like parameters and any user-info password masked. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String masked = SECRET_IN_URL.matcher(url).replaceAll("$1" + MASK);
        return masked.replaceAll("(//[^/:@]+:)[^/@]+@", "$1" + MASK + "@");
    }
}

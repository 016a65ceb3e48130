package dev.affix.s3;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An application's own key-value pairs as S3 stores them ({@code x-amz-meta-*} headers). S3 keeps
 * names in lower case and values in US-ASCII, and refuses more than 2 KiB in all; names are checked
 * and lower-cased here, and a value with other characters is sent RFC 2047-encoded, as S3 documents.
 */
final class UserMetadata {

    /** S3's limit for the names and values of user-defined metadata together, in UTF-8 bytes. */
    static final int MAX_BYTES = 2048;
    /** RFC 9110 tchar, less upper case, which S3 would fold anyway. */
    private static final String TOKEN_PUNCTUATION = "!#$%&'*+-.^_`|~";

    private UserMetadata() {
    }

    /** The pairs ready for the SDK's {@code metadata(…)}, or an {@link IllegalArgumentException} saying which pair cannot be stored. */
    static Map<String, String> toHeaders(Map<String, String> custom) {
        Map<String, String> headers = new TreeMap<>();
        int bytes = 0;
        for (Map.Entry<String, String> pair : custom.entrySet()) {
            String name = requireName(pair.getKey());
            String value = encode(pair.getValue() == null ? "" : pair.getValue());
            if (headers.put(name, value) != null) {
                throw new IllegalArgumentException("metadata names '" + name + "' twice (S3 ignores the case of names)");
            }
            bytes += name.length() + value.length();
        }
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("metadata takes " + bytes + " bytes; S3 stores at most " + MAX_BYTES);
        }
        return headers;
    }

    private static String requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("metadata name must not be empty");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean token = c < 0x80 && (Character.isLetterOrDigit(c) || TOKEN_PUNCTUATION.indexOf(c) >= 0);
            if (!token) {
                throw new IllegalArgumentException("metadata name '" + name + "' may hold only letters, digits and "
                        + TOKEN_PUNCTUATION + " (it becomes an HTTP header name)");
            }
        }
        return lower;
    }

    private static String encode(String value) {
        if (HeaderValues.isPrintableAscii(value)) {
            return value;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}

package dev.affix.http;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A media type as RFC 9110 writes it ({@code type/subtype} and parameters), checked before it is
 * stored from a client or put into a Content-Type header, so that neither can carry anything else.
 *
 * @param text    the value as given, trimmed
 * @param essence {@code type/subtype} in lower case, what every rule compares
 */
record MediaType(String text, String essence) {

    static final String BINARY = "application/octet-stream";
    private static final int MAX_LENGTH = 255;
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*\"";
    private static final Pattern SYNTAX = Pattern.compile(
            "(" + TOKEN + "/" + TOKEN + ")(?:[ \\t]*;[ \\t]*" + TOKEN + "=(?:" + TOKEN + "|" + QUOTED + "))*");

    /** The media type, or empty for null, blank, over-long or malformed text. */
    static Optional<MediaType> parse(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        Matcher matcher = SYNTAX.matcher(trimmed);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new MediaType(trimmed, matcher.group(1).toLowerCase(Locale.ROOT)));
    }

    /** Whether {@code pattern} is a valid {@code type/subtype} or {@code type/*}, the forms that options accept. */
    static boolean isPattern(String pattern) {
        return pattern.matches(TOKEN + "/(?:" + TOKEN + "|\\*)") && !pattern.startsWith("*");
    }

    /** Whether this type is {@code pattern} ({@code type/subtype}) or falls under it ({@code type/*}). */
    boolean matches(String pattern) {
        String lower = pattern.toLowerCase(Locale.ROOT);
        if (lower.endsWith("/*")) {
            return essence.startsWith(lower.substring(0, lower.length() - 1));
        }
        return essence.equals(lower);
    }
}

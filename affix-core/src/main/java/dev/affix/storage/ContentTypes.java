package dev.affix.storage;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Media types as RFC 9110 writes them ({@code type/subtype} and parameters), and which of them a
 * browser would run as a page or a script: the one place that knows, so that every way a file is
 * served (proxy, redirect, a service's own URL, the command line) applies the same rules.
 */
public final class ContentTypes {

    public static final String BINARY = "application/octet-stream";
    private static final int MAX_LENGTH = 255;
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*\"";
    private static final Pattern SYNTAX = Pattern.compile(
            "(" + TOKEN + "/" + TOKEN + ")(?:[ \\t]*;[ \\t]*" + TOKEN + "=(?:" + TOKEN + "|" + QUOTED + "))*");
    private static final Pattern PATTERN = Pattern.compile(TOKEN + "/(?:" + TOKEN + "|\\*)");

    /** Types a browser renders as active content when it navigates to them. Every {@code +xml} type counts too. */
    private static final Set<String> ACTIVE = Set.of(
            "text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml", "text/xsl",
            "text/javascript", "application/javascript", "application/x-javascript", "text/ecmascript", "application/ecmascript",
            "application/x-shockwave-flash", "application/postscript", "application/mathml+xml", "text/cache-manifest",
            "text/x-component", "application/hta", "multipart/x-mixed-replace", "application/x-httpd-php", "text/x-php");

    private ContentTypes() {
    }

    /** {@code type/subtype} in lower case, or empty for null, blank, over-long or malformed text. */
    public static Optional<String> essence(String contentType) {
        if (contentType == null || contentType.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher matcher = SYNTAX.matcher(contentType.trim());
        return matcher.matches() ? Optional.of(matcher.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** Whether {@code pattern} is a valid {@code type/subtype} or {@code type/*}, the forms that allow-lists accept. */
    public static boolean isPattern(String pattern) {
        return pattern != null && PATTERN.matcher(pattern).matches() && !pattern.startsWith("*");
    }

    /** Whether the type's essence is {@code pattern} ({@code type/subtype}) or falls under it ({@code type/*}). */
    public static boolean matches(String essence, String pattern) {
        String lower = pattern.toLowerCase(Locale.ROOT);
        if (lower.endsWith("/*")) {
            return essence.startsWith(lower.substring(0, lower.length() - 1));
        }
        return essence.equals(lower);
    }

    /** Whether a browser would run a file of this type (given as an essence) in the page's origin. */
    public static boolean isActive(String essence) {
        return ACTIVE.contains(essence) || essence.endsWith("+xml");
    }

    /** The Content-Type to serve a stored type with: the type itself, or binary for active or malformed types. */
    public static String forServing(String stored) {
        return essence(stored).filter(essence -> !isActive(essence)).isPresent() ? stored.trim() : BINARY;
    }

    /** {@code requested} if the stored type is one of {@code inline} and not active, else attachment. */
    public static Disposition dispositionForServing(String stored, Disposition requested, Set<String> inline) {
        boolean mayBeInline = essence(stored).filter(essence -> inline.contains(essence) && !isActive(essence)).isPresent();
        return mayBeInline && requested == Disposition.INLINE ? Disposition.INLINE : Disposition.ATTACHMENT;
    }
}

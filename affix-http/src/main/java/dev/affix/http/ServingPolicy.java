package dev.affix.http;

import dev.affix.storage.Disposition;
import java.util.Set;

/**
 * Which type and disposition a stored file is served with. Types a browser would run as a page or a
 * script in the application's origin go out as {@code application/octet-stream} and {@code attachment},
 * whatever was asked; only the types of the inline allow-list may be shown in place.
 */
final class ServingPolicy {

    /** Types a browser renders as active content when it navigates to them. Every {@code +xml} type counts too. */
    private static final Set<String> EXECUTABLE = Set.of(
            "text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml", "text/xsl",
            "text/javascript", "application/javascript", "application/x-javascript", "text/ecmascript", "application/ecmascript",
            "application/x-shockwave-flash", "application/postscript", "application/mathml+xml", "text/cache-manifest",
            "text/x-component", "application/hta", "multipart/x-mixed-replace");

    private final Set<String> inline;

    ServingPolicy(Set<String> inline) {
        this.inline = Set.copyOf(inline);
    }

    static boolean isExecutable(String essence) {
        return EXECUTABLE.contains(essence) || essence.endsWith("+xml");
    }

    /** The Content-Type to send for a stored type: the type itself, or binary for active or malformed types. */
    String contentType(String stored) {
        return MediaType.parse(stored).filter(type -> !isExecutable(type.essence())).map(MediaType::text).orElse(MediaType.BINARY);
    }

    /** {@code requested} if the type may be shown in place, else {@code attachment}. */
    Disposition disposition(String stored, Disposition requested) {
        boolean mayBeInline = MediaType.parse(stored)
                .map(MediaType::essence)
                .filter(essence -> inline.contains(essence) && !isExecutable(essence))
                .isPresent();
        return mayBeInline && requested == Disposition.INLINE ? Disposition.INLINE : Disposition.ATTACHMENT;
    }

    /** What {@code ?disposition=} asks for: inline when absent (as Rails serves), attachment for any other value. */
    static Disposition requested(String parameter) {
        return parameter == null || parameter.equalsIgnoreCase("inline") ? Disposition.INLINE : Disposition.ATTACHMENT;
    }
}

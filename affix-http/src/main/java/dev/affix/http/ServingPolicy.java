package dev.affix.http;

import dev.affix.storage.ContentTypes;
import dev.affix.storage.Disposition;
import java.util.Set;

/**
 * Which type and disposition a stored file is served with. Types a browser would run as a page or a
 * script in the application's origin go out as {@code application/octet-stream} and {@code attachment},
 * whatever was asked; only the types of the inline allow-list may be shown in place. The rules
 * themselves are {@link ContentTypes}', which every other way of serving a file applies too.
 */
final class ServingPolicy {

    private final Set<String> inline;

    ServingPolicy(Set<String> inline) {
        this.inline = Set.copyOf(inline);
    }

    /** The Content-Type to send for a stored type: the type itself, or binary for active or malformed types. */
    String contentType(String stored) {
        return ContentTypes.forServing(stored);
    }

    /** {@code requested} if the type may be shown in place, else {@code attachment}. */
    Disposition disposition(String stored, Disposition requested) {
        return ContentTypes.dispositionForServing(stored, requested, inline);
    }

    /** What {@code ?disposition=} asks for: inline when absent (as Rails serves), attachment for any other value. */
    static Disposition requested(String parameter) {
        return parameter == null || parameter.equalsIgnoreCase("inline") ? Disposition.INLINE : Disposition.ATTACHMENT;
    }
}

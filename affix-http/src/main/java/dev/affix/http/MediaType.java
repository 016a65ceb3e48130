package dev.affix.http;

import dev.affix.storage.ContentTypes;
import java.util.Optional;

/**
 * A media type as RFC 9110 writes it ({@code type/subtype} and parameters), checked before it is
 * stored from a client or put into a Content-Type header, so that neither can carry anything else.
 *
 * @param text    the value as given, trimmed
 * @param essence {@code type/subtype} in lower case, what every rule compares
 */
record MediaType(String text, String essence) {

    static final String BINARY = ContentTypes.BINARY;

    /** The media type, or empty for null, blank, over-long or malformed text. */
    static Optional<MediaType> parse(String text) {
        return ContentTypes.essence(text).map(essence -> new MediaType(text.trim(), essence));
    }
}

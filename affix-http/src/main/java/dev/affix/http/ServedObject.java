package dev.affix.http;

import dev.affix.storage.ByteRange;
import dev.affix.storage.Disposition;
import java.io.InputStream;
import java.time.Instant;

/**
 * A stored object about to be streamed to a client, with everything its headers say.
 *
 * @param etag          a quoted entity tag
 * @param lastModified  null when unknown
 * @param contentType   already passed through the {@link ServingPolicy}
 * @param shared        whether shared caches (CDNs, proxies) may keep it, or only the browser
 */
record ServedObject(long size, String etag, Instant lastModified, String contentType, Disposition disposition, String filename,
        boolean shared, Source source) {

    /** Opens the bytes: all of them for a null range, else that range. */
    @FunctionalInterface
    interface Source {
        InputStream open(ByteRange range);
    }
}

package dev.affix.http;

import dev.affix.storage.ByteRange;
import dev.affix.storage.Disposition;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A stored object about to be streamed to a client, with everything its headers say.
 *
 * @param etag          a quoted entity tag
 * @param lastModified  null when unknown
 * @param contentType   already passed through the {@link ServingPolicy}
 * @param shared        whether shared caches (CDNs, proxies) may keep it, or only the browser
 * @param validUntil    when the URL it is served at stops working (empty: never); no cache keeps it longer
 * @param localFile     finds the file holding the bytes when they are on this machine (the Disk service),
 *                      so that a container that can send files itself does; asked only when it would be used
 */
record ServedObject(long size, String etag, Instant lastModified, String contentType, Disposition disposition, String filename,
        boolean shared, Optional<Instant> validUntil, Source source, Supplier<Optional<Path>> localFile) {

    /** Opens the bytes: all of them for a null range, else that range. */
    @FunctionalInterface
    interface Source {
        InputStream open(ByteRange range);
    }
}

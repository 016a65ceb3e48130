package dev.affix.storage;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a download URL should say: how long it stays valid (ignored by public services, whose URLs are
 * permanent), and the filename, disposition and content type the response should carry.
 */
public record UrlOptions(Duration expiresIn, String filename, Disposition disposition, String contentType) {

    public static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(5);

    public UrlOptions {
        Objects.requireNonNull(expiresIn, "expiresIn");
        if (expiresIn.isNegative() || expiresIn.isZero()) {
            throw new IllegalArgumentException("URL expiry " + expiresIn + " must be positive");
        }
        disposition = disposition == null ? Disposition.INLINE : disposition;
    }

    public static UrlOptions expiringIn(Duration expiresIn) {
        return new UrlOptions(expiresIn, null, Disposition.INLINE, null);
    }

    public Optional<String> filenameIfKnown() {
        return Optional.ofNullable(filename);
    }

    public Optional<String> contentTypeIfKnown() {
        return Optional.ofNullable(contentType);
    }

    public UrlOptions withFilename(String value) {
        return new UrlOptions(expiresIn, value, disposition, contentType);
    }

    public UrlOptions withDisposition(Disposition value) {
        return new UrlOptions(expiresIn, filename, value, contentType);
    }

    public UrlOptions withContentType(String value) {
        return new UrlOptions(expiresIn, filename, disposition, value);
    }
}

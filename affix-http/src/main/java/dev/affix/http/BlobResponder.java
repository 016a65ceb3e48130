package dev.affix.http;

import dev.affix.blob.Blob;
import dev.affix.blob.Blobs;
import dev.affix.storage.UrlOptions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Answers with a blob that a serving URL led to, the same way whether the URL named the blob itself or
 * a representation whose image it is: its bytes streamed through the application ({@link #proxy}), or
 * a redirect to a short-lived URL of its service ({@link #redirect}). The caller has verified the
 * URL's tokens and asked the {@link ServingAuthorizer}.
 */
final class BlobResponder {

    /** One of the two ways of answering with a blob. */
    @FunctionalInterface
    interface Delivery {
        /** @param validUntil when the URL that led here expires (empty: never); nothing caches the answer longer */
        void deliver(HttpServletRequest request, HttpServletResponse response, Blob blob, Optional<Instant> validUntil) throws IOException;
    }

    private final Blobs blobs;
    private final ServingPolicy policy;
    private final ObjectResponder objects;
    private final boolean shared;
    private final Duration redirectExpiry;
    private final Clock clock;

    /** @param shared whether shared caches may keep proxied answers: only when nobody is asked who may have them */
    BlobResponder(Blobs blobs, ServingPolicy policy, ObjectResponder objects, boolean shared, Duration redirectExpiry, Clock clock) {
        this.blobs = blobs;
        this.policy = policy;
        this.objects = objects;
        this.shared = shared;
        this.redirectExpiry = redirectExpiry;
        this.clock = clock;
    }

    /** The blob's bytes, with validators, immutable caching, one range at most, and the policy's type and disposition. */
    void proxy(HttpServletRequest request, HttpServletResponse response, Blob blob, Optional<Instant> validUntil) throws IOException {
        ServedObject object = new ServedObject(blob.byteSize(), "\"" + blob.checksum() + "\"", blob.createdAt(),
                policy.contentType(blob.contentType()),
                policy.disposition(blob.contentType(), ServingPolicy.requested(request.getParameter("disposition"))),
                blob.filename(), shared, validUntil,
                range -> range == null ? blobs.download(blob) : blobs.download(blob, range),
                () -> blobs.service(blob).localFile(blob.key()));
        objects.respond(request, response, object);
    }

    /** 302 to a URL of the blob's service, which lasts as long as the redirect may be cached, and no longer than the URL that led here. */
    void redirect(HttpServletRequest request, HttpServletResponse response, Blob blob, Optional<Instant> validUntil) {
        Duration valid = validUntil.map(expires -> shorter(redirectExpiry, Duration.between(clock.instant(), expires))).orElse(redirectExpiry);
        UrlOptions options = new UrlOptions(valid, blob.filename(),
                policy.disposition(blob.contentType(), ServingPolicy.requested(request.getParameter("disposition"))),
                policy.contentType(blob.contentType()));
        URI location = blobs.service(blob).url(blob.key(), options);
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", location.toString());
        response.setHeader("Cache-Control", "private, max-age=" + valid.toSeconds());
        response.setContentLength(0);
    }

    /** The shorter of the two, and at least a second, the least a service URL can last. */
    private static Duration shorter(Duration configured, Duration left) {
        Duration shorter = left.compareTo(configured) < 0 ? left : configured;
        return shorter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : shorter;
    }
}

package dev.affix.http;

import dev.affix.Affix;
import dev.affix.blob.Blob;
import dev.affix.blob.SignedIds;
import dev.affix.config.HttpSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The URLs through which pages link to a blob: by redirect to the service, or streamed through the
 * application. Their ids are signed for serving only, so they cannot be submitted to attach the blob
 * elsewhere. They do not expire unless {@code http.urls_expire_in} says so, or a method is given how
 * long its URL is to last; an expired URL answers 404, and no cache keeps its answer longer.
 */
public final class BlobUrls {

    private final Affix affix;
    private final HttpSettings http;
    private final Optional<Duration> defaultExpiry;

    /** With the expiry of the configuration's {@code http.urls_expire_in}, if any. */
    public BlobUrls(Affix affix) {
        this(affix, EndpointOptions.from(affix.config().http()));
    }

    /** With the expiry of these options ({@link EndpointOptions#urlExpiry()}), e.g. the ones the servlet was given. */
    public BlobUrls(Affix affix, EndpointOptions options) {
        this.affix = Objects.requireNonNull(affix, "affix");
        this.http = affix.config().http();
        this.defaultExpiry = options.urlExpiry();
    }

    /** {@code {prefix}/blobs/redirect/{signed_id}/{filename}}, relative to the application's root. */
    public String redirectPath(Blob blob) {
        return path("redirect", blob, defaultExpiry);
    }

    /** {@link #redirectPath(Blob)}, valid for {@code expiresIn} from now. */
    public String redirectPath(Blob blob, Duration expiresIn) {
        return path("redirect", blob, required(expiresIn));
    }

    /** {@code {prefix}/blobs/proxy/{signed_id}/{filename}}, relative to the application's root. */
    public String proxyPath(Blob blob) {
        return path("proxy", blob, defaultExpiry);
    }

    /** {@link #proxyPath(Blob)}, valid for {@code expiresIn} from now. */
    public String proxyPath(Blob blob, Duration expiresIn) {
        return path("proxy", blob, required(expiresIn));
    }

    /** {@link #proxyPath} on {@code http.base_url}, for mails, feeds and jobs. */
    public URI proxyUrl(Blob blob) {
        return http.endpoint("/blobs/proxy/" + tail(blob, defaultExpiry));
    }

    /** {@link #proxyUrl(Blob)}, valid for {@code expiresIn} from now. */
    public URI proxyUrl(Blob blob, Duration expiresIn) {
        return http.endpoint("/blobs/proxy/" + tail(blob, required(expiresIn)));
    }

    /** {@link #redirectPath} on {@code http.base_url}. */
    public URI redirectUrl(Blob blob) {
        return http.endpoint("/blobs/redirect/" + tail(blob, defaultExpiry));
    }

    /** {@link #redirectUrl(Blob)}, valid for {@code expiresIn} from now. */
    public URI redirectUrl(Blob blob, Duration expiresIn) {
        return http.endpoint("/blobs/redirect/" + tail(blob, required(expiresIn)));
    }

    private String path(String kind, Blob blob, Optional<Duration> expiresIn) {
        return http.prefix() + "/blobs/" + kind + "/" + tail(blob, expiresIn);
    }

    private String tail(Blob blob, Optional<Duration> expiresIn) {
        return affix.blobs().signedId(blob, SignedIds.SERVE, expiresIn.orElse(null)) + "/" + filenameSegment(blob.filename());
    }

    /** A filename as the last path segment: percent-encoded, spaces as {@code %20}. */
    static String filenameSegment(String filename) {
        return URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An explicit expiry, checked: at least a second. */
    static Optional<Duration> required(Duration expiresIn) {
        Objects.requireNonNull(expiresIn, "expiresIn");
        if (expiresIn.toSeconds() < 1) {
            throw new IllegalArgumentException("a URL must be valid for at least one second, not " + expiresIn);
        }
        return Optional.of(expiresIn);
    }
}

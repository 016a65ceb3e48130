package dev.affix.http;

import dev.affix.Affix;
import dev.affix.blob.Blob;
import dev.affix.blob.SignedIds;
import dev.affix.config.HttpSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The URLs through which pages link to a blob: by redirect to the service, or streamed through the
 * application. Their ids are signed for serving only, so they cannot be submitted to attach the blob
 * elsewhere; they do not expire, so pages and caches can keep them.
 */
public final class BlobUrls {

    private final Affix affix;
    private final HttpSettings http;

    public BlobUrls(Affix affix) {
        this.affix = affix;
        this.http = affix.config().http();
    }

    /** {@code {prefix}/blobs/redirect/{signed_id}/{filename}}, relative to the application's root. */
    public String redirectPath(Blob blob) {
        return path("redirect", blob);
    }

    /** {@code {prefix}/blobs/proxy/{signed_id}/{filename}}, relative to the application's root. */
    public String proxyPath(Blob blob) {
        return path("proxy", blob);
    }

    /** {@link #proxyPath} on {@code http.base_url}, for mails, feeds and jobs. */
    public URI proxyUrl(Blob blob) {
        return http.endpoint("/blobs/proxy/" + tail(blob));
    }

    /** {@link #redirectPath} on {@code http.base_url}. */
    public URI redirectUrl(Blob blob) {
        return http.endpoint("/blobs/redirect/" + tail(blob));
    }

    private String path(String kind, Blob blob) {
        return http.prefix() + "/blobs/" + kind + "/" + tail(blob);
    }

    private String tail(Blob blob) {
        return affix.blobs().signedId(blob, SignedIds.SERVE, null) + "/"
                + URLEncoder.encode(blob.filename(), StandardCharsets.UTF_8).replace("+", "%20");
    }
}

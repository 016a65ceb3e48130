package dev.affix.http;

import dev.affix.blob.Blob;
import dev.affix.blob.Blobs;
import dev.affix.blob.SignedIds;
import dev.affix.storage.UrlOptions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code GET {prefix}/blobs/redirect/{signed_id}/{filename}}: 302 to a short-lived URL of the blob's service. */
final class BlobRedirectEndpoint implements Endpoint {

    private final Blobs blobs;
    private final ServingPolicy policy;
    private final Duration expiry;

    BlobRedirectEndpoint(Blobs blobs, ServingPolicy policy, Duration expiry) {
        this.blobs = blobs;
        this.policy = policy;
        this.expiry = expiry;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, List<String> pathValues) throws IOException {
        Optional<Blob> found = blobs.findSigned(pathValues.get(0), SignedIds.SERVE);
        if (found.isEmpty()) {
            Responses.notFound(response);
            return;
        }
        Blob blob = found.get();
        UrlOptions options = new UrlOptions(expiry, blob.filename(),
                policy.disposition(blob.contentType(), ServingPolicy.requested(request.getParameter("disposition"))),
                policy.contentType(blob.contentType()));
        URI location = blobs.service(blob).url(blob.key(), options);
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", location.toString());
        // the browser may reuse the redirect only while the URL it leads to is valid
        response.setHeader("Cache-Control", "private, max-age=" + expiry.toSeconds());
        response.setContentLength(0);
    }
}

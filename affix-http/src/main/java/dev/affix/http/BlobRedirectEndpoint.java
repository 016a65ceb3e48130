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
import java.util.List;
import java.util.Optional;

/** {@code GET {prefix}/blobs/redirect/{signed_id}/{filename}}: 302 to a short-lived URL of the blob's service. */
final class BlobRedirectEndpoint implements Endpoint {

    private final ServingIds ids;
    private final Blobs blobs;
    private final ServingPolicy policy;
    private final ServingAuthorizer authorizer;
    private final Duration expiry;
    private final Clock clock;

    BlobRedirectEndpoint(ServingIds ids, Blobs blobs, ServingPolicy policy, ServingAuthorizer authorizer, Duration expiry, Clock clock) {
        this.ids = ids;
        this.blobs = blobs;
        this.policy = policy;
        this.authorizer = authorizer;
        this.expiry = expiry;
        this.clock = clock;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, List<String> pathValues) throws IOException {
        Optional<ServingIds.Served> found = ids.find(pathValues.get(0));
        if (found.isEmpty()) {
            Responses.notFound(response);
            return;
        }
        Blob blob = found.get().blob();
        if (!authorizer.allows(request, blob)) {
            Responses.bare(response, HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        // the service URL, and the redirect in the browser's cache, last no longer than the serving URL itself
        Duration valid = found.get().expiresAt().map(expires -> shorter(expiry, Duration.between(clock.instant(), expires))).orElse(expiry);
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

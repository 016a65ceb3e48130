package dev.affix.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET {prefix}/blobs/(proxy|redirect)/{signed_id}/{filename}}: the blob's bytes streamed through
 * the application, or a 302 to a short-lived URL of its service, as the route's {@link BlobResponder.Delivery} does.
 */
final class BlobEndpoint implements Endpoint {

    private final ServingIds ids;
    private final ServingAuthorizer authorizer;
    private final BlobResponder.Delivery delivery;

    BlobEndpoint(ServingIds ids, ServingAuthorizer authorizer, BlobResponder.Delivery delivery) {
        this.ids = ids;
        this.authorizer = authorizer;
        this.delivery = delivery;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, List<String> pathValues) throws IOException {
        Optional<ServingIds.Served> found = ids.find(pathValues.get(0));
        if (found.isEmpty()) {
            Responses.notFound(response);
            return;
        }
        if (!authorizer.allows(request, found.get().blob())) {
            Responses.bare(response, HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        delivery.deliver(request, response, found.get().blob(), found.get().expiresAt());
    }
}

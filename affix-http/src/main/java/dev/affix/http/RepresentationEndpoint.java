package dev.affix.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET {prefix}/representations/(redirect|proxy)/{signed_blob_id}/{variation_key}/{filename}}:
 * variants and previews are not served yet, so every request gets 404. The signed id is verified all
 * the same, so that a forged one costs and answers exactly like a genuine one, now and once variants come.
 */
final class RepresentationEndpoint implements Endpoint {

    private final ServingIds ids;

    RepresentationEndpoint(ServingIds ids) {
        this.ids = ids;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, List<String> pathValues) throws IOException {
        ids.find(pathValues.get(0));
        Responses.notFound(response);
    }
}

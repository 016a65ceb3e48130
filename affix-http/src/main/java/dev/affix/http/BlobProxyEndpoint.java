package dev.affix.http;

import dev.affix.blob.Blob;
import dev.affix.blob.Blobs;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** {@code GET {prefix}/blobs/proxy/{signed_id}/{filename}}: the blob's bytes, streamed through the application. */
final class BlobProxyEndpoint implements Endpoint {

    private final ServingIds ids;
    private final Blobs blobs;
    private final ServingPolicy policy;
    private final ServingAuthorizer authorizer;
    private final ObjectResponder responder;

    BlobProxyEndpoint(ServingIds ids, Blobs blobs, ServingPolicy policy, ServingAuthorizer authorizer, ObjectResponder responder) {
        this.ids = ids;
        this.blobs = blobs;
        this.policy = policy;
        this.authorizer = authorizer;
        this.responder = responder;
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
        // only when nobody is asked may a shared cache keep the answer: it would serve it without asking
        boolean shared = authorizer == ServingAuthorizer.ALLOW_ALL;
        ServedObject object = new ServedObject(blob.byteSize(), "\"" + blob.checksum() + "\"", blob.createdAt(),
                policy.contentType(blob.contentType()),
                policy.disposition(blob.contentType(), ServingPolicy.requested(request.getParameter("disposition"))),
                blob.filename(), shared, found.get().expiresAt(),
                range -> range == null ? blobs.download(blob) : blobs.download(blob, range),
                () -> blobs.service(blob).localFile(blob.key()));
        responder.respond(request, response, object);
    }
}

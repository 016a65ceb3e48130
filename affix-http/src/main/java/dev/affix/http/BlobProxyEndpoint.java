package dev.affix.http;

import dev.affix.blob.Blob;
import dev.affix.blob.Blobs;
import dev.affix.blob.SignedIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** {@code GET {prefix}/blobs/proxy/{signed_id}/{filename}}: the blob's bytes, streamed through the application. */
final class BlobProxyEndpoint implements Endpoint {

    private final Blobs blobs;
    private final ServingPolicy policy;
    private final ObjectResponder responder;

    BlobProxyEndpoint(Blobs blobs, ServingPolicy policy, ObjectResponder responder) {
        this.blobs = blobs;
        this.policy = policy;
        this.responder = responder;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, List<String> pathValues) throws IOException {
        Optional<Blob> found = blobs.findSigned(pathValues.get(0), SignedIds.SERVE);
        if (found.isEmpty()) {
            Responses.notFound(response);
            return;
        }
        Blob blob = found.get();
        ServedObject object = new ServedObject(blob.byteSize(), "\"" + blob.checksum() + "\"", blob.createdAt(),
                policy.contentType(blob.contentType()),
                policy.disposition(blob.contentType(), ServingPolicy.requested(request.getParameter("disposition"))),
                blob.filename(), true, range -> range == null ? blobs.download(blob) : blobs.download(blob, range),
                () -> blobs.service(blob).localFile(blob.key()));
        responder.respond(request, response, object);
    }
}

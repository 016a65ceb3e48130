package dev.affix.http;

import dev.affix.blob.Blob;
import dev.affix.blob.Blobs;
import dev.affix.storage.DirectUploadTarget;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST {prefix}/direct_uploads}: records the blob a browser is about to upload and answers with
 * its signed id and where to PUT the bytes. Checks, in order: a JSON body (415) of at most 64 KiB (413),
 * a valid declaration (422), the application's {@link DirectUploadAuthorizer} (403), the size limit
 * (413), the allowed types (415) and the client's rate limit (429 with Retry-After), which only what
 * passes all the rest is charged against. Nothing is created unless all pass.
 */
final class DirectUploadsEndpoint implements Endpoint {

    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int TOO_MANY_REQUESTS = 429;

    private final Blobs blobs;
    private final EndpointOptions options;
    private final DirectUploadAuthorizer authorizer;
    private final Optional<DirectUploadRateLimiter> limiter;
    private final ClientKey clients;

    DirectUploadsEndpoint(Blobs blobs, EndpointOptions options, DirectUploadAuthorizer authorizer, Optional<DirectUploadRateLimiter> limiter,
            ClientKey clients) {
        this.blobs = blobs;
        this.options = options;
        this.authorizer = authorizer;
        this.limiter = limiter;
        this.clients = clients;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, List<String> pathValues) throws IOException {
        if (MediaType.parse(request.getContentType()).filter(type -> type.essence().equals("application/json")).isEmpty()) {
            Responses.error(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "the body must be sent as application/json");
            return;
        }
        // a declaration is a few hundred bytes: reading it whole is fine once its size is bounded
        byte[] body = request.getContentLengthLong() > MAX_BODY_BYTES ? null : request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body == null || body.length > MAX_BODY_BYTES) {
            Responses.error(response, 413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        DeclaredUpload declared;
        try {
            declared = DeclaredUploadReader.read(body);
        } catch (UploadDeclarationException e) {
            Responses.error(response, 422, e.getMessage());
            return;
        }
        if (!authorizer.allows(request, declared)) {
            Responses.error(response, HttpServletResponse.SC_FORBIDDEN, "this direct upload is not allowed");
            return;
        }
        if (declared.byteSize() > options.maxDirectUploadBytes()) {
            Responses.error(response, 413, "blob.byte_size " + declared.byteSize() + " is larger than the limit of "
                    + options.maxDirectUploadBytes() + " bytes");
            return;
        }
        if (!options.allowsDirectUploadOf(declared.contentType())) {
            Responses.error(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "blob.content_type " + declared.contentType()
                    + " is not allowed (allowed: " + String.join(", ", options.allowedDirectUploadTypes()) + ")");
            return;
        }
        Optional<Duration> wait = limiter.flatMap(rate -> rate.spend(Objects.toString(clients.of(request), ""), declared.byteSize()));
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(seconds));
            Responses.error(response, TOO_MANY_REQUESTS, "too many direct uploads from this client; try again in " + seconds + " s");
            return;
        }
        Blob blob = blobs.createBeforeDirectUpload(declared.filename(), declared.byteSize(), declared.checksum(), declared.contentType(),
                declared.metadata(), null);
        DirectUploadTarget target = blobs.directUploadTarget(blob, options.directUploadExpiry());
        Map<String, Object> json = blob.asJson();
        json.put("signed_id", blobs.signedId(blob));
        json.put("direct_upload", Map.of("url", target.url().toString(), "headers", target.headers()));
        Responses.json(response, HttpServletResponse.SC_OK, json);
    }
}

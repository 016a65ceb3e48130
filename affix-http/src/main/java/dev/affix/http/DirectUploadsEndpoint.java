package dev.affix.http;

import dev.affix.attachment.AttachmentHandle;
import dev.affix.attachment.AttachmentHandles;
import dev.affix.blob.Blob;
import dev.affix.blob.Blobs;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.validation.AttachmentInvalidException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST {prefix}/direct_uploads}: records the blob a browser is about to upload and answers with
 * its signed id and where to PUT the bytes. Checks, in order: a JSON body (415) of at most 64 KiB (413),
 * a valid declaration (422), the attachment handle if one is sent (403 unless genuine and unexpired;
 * 422 if sent twice), the application's {@link DirectUploadAuthorizer} (403), the size limit (413), the
 * allowed types (415), the rules of the handle's declaration (413, 415 or 422 naming each rule: see
 * {@link RefusedUpload}) and the client's rate limit (429 with Retry-After), which only what passes all
 * the rest is charged against. Nothing is created unless all pass.
 *
 * <p>With a handle, in the {@value #ATTACHMENT_HANDLE} header, the blob is recorded in the service of
 * the handle's declaration at a key of its template; without one, in the default service at a random key.
 */
final class DirectUploadsEndpoint implements Endpoint {

    /** The request header that carries an attachment handle. */
    static final String ATTACHMENT_HANDLE = "Affix-Attachment-Handle";

    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int TOO_MANY_REQUESTS = 429;

    private final Blobs blobs;
    private final AttachmentHandles handles;
    private final EndpointOptions options;
    private final DirectUploadAuthorizer authorizer;
    private final Optional<DirectUploadRateLimiter> limiter;
    private final ClientKey clients;

    DirectUploadsEndpoint(Blobs blobs, AttachmentHandles handles, EndpointOptions options, DirectUploadAuthorizer authorizer,
            Optional<DirectUploadRateLimiter> limiter, ClientKey clients) {
        this.blobs = blobs;
        this.handles = handles;
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
        DeclaredUpload parsed;
        try {
            parsed = DeclaredUploadReader.read(body);
        } catch (UploadDeclarationException e) {
            Responses.error(response, 422, e.getMessage());
            return;
        }
        List<String> sentHandles = Collections.list(request.getHeaders(ATTACHMENT_HANDLE));
        if (sentHandles.size() > 1) {
            Responses.error(response, 422, "send one " + ATTACHMENT_HANDLE + " header, not " + sentHandles.size());
            return;
        }
        Optional<AttachmentHandle> handle = sentHandles.isEmpty() ? Optional.empty() : handles.verify(sentHandles.get(0).strip());
        if (!sentHandles.isEmpty() && handle.isEmpty()) {
            Responses.error(response, HttpServletResponse.SC_FORBIDDEN, "the attachment handle is not valid: it is forged, expired, or for "
                    + "an attachment no longer declared; reload the page to get a new one");
            return;
        }
        DeclaredUpload declared = handle.map(parsed::forAttachment).orElse(parsed);
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
        if (declared.attachment().isPresent()) {
            try {
                handles.requireDeclaredRules(declared.attachment().get(), declared.filename(), declared.contentType(), declared.byteSize());
            } catch (AttachmentInvalidException e) {
                RefusedUpload.answer(response, e);
                return;
            }
        }
        Optional<Duration> wait = limiter.flatMap(rate -> rate.spend(Objects.toString(clients.of(request), ""), declared.byteSize()));
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(seconds));
            Responses.error(response, TOO_MANY_REQUESTS, "too many direct uploads from this client; try again in " + seconds + " s");
            return;
        }
        Blob blob = create(declared);
        DirectUploadTarget target = blobs.directUploadTarget(blob, options.directUploadExpiry());
        Map<String, Object> json = blob.asJson();
        json.put("signed_id", blobs.signedId(blob));
        json.put("direct_upload", Map.of("url", target.url().toString(), "headers", target.headers()));
        Responses.json(response, HttpServletResponse.SC_OK, json);
    }

    private Blob create(DeclaredUpload declared) {
        if (declared.attachment().isPresent()) {
            return handles.prepareDirectUpload(declared.attachment().get(), declared.filename(), declared.byteSize(), declared.checksum(),
                    declared.contentType(), declared.metadata());
        }
        return blobs.createBeforeDirectUpload(declared.filename(), declared.byteSize(), declared.checksum(), declared.contentType(),
                declared.metadata(), null);
    }
}

package dev.affix.http;

import dev.affix.attachment.Declarations;
import dev.affix.attachment.UndeclaredAttachmentException;
import dev.affix.blob.Blob;
import dev.affix.blob.Blobs;
import dev.affix.json.Json;
import dev.affix.resumable.PartsMismatchException;
import dev.affix.resumable.ResumableUploadsUnsupportedException;
import dev.affix.resumable.UploadSession;
import dev.affix.resumable.UploadSessionBusyException;
import dev.affix.resumable.UploadSessionExpiredException;
import dev.affix.resumable.UploadSessionNotFoundException;
import dev.affix.resumable.UploadSessions;
import dev.affix.resumable.UploadTooLargeException;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.UploadedPart;
import dev.affix.validation.AttachmentInvalidException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The endpoints Uppy's {@code @uppy/aws-s3} calls with {@code companionEndpoint} set to the prefix, so
 * that a browser sends a file's parts straight to the bucket, in parallel, and Affix never carries the
 * bytes:
 * <pre>
 * POST   {prefix}/s3/multipart                       {filename, type, metadata} → {uploadId, key}
 * GET    {prefix}/s3/multipart/{uploadId}/{number}   → {url}: where to PUT that part
 * GET    {prefix}/s3/multipart/{uploadId}            → [{PartNumber, Size, ETag}]: the parts S3 holds
 * POST   {prefix}/s3/multipart/{uploadId}/complete   {parts: [{PartNumber, ETag}]} → {location, key, signed_id}
 * DELETE {prefix}/s3/multipart/{uploadId}            aborts it
 * GET    {prefix}/s3/multipart/{uploadId}/blob       the blob's JSON with signed_id, once complete
 * </pre>
 * The upload id given out is Affix's own token; S3's id and the key stay on the server, so a client
 * can sign parts only of its own uploads. Creation is checked like a direct upload's: the file's size
 * must be declared in {@code metadata.size} (422 without), the application's
 * {@link DirectUploadAuthorizer} (403, asked again to complete or abort; the {@code GET}s are answered to
 * whoever holds the upload id, as browsers send no {@code Origin} with them), the size limit (413),
 * the allowed types (415), the rules of the named {@code metadata.attachment} (413, 415 or 422) and
 * the rate limit (429). Completing checks that the named parts are exactly those S3 holds, in order,
 * adding up to the declared size (400, or 413 for more), reads the object once for its MD5, and only
 * then records the blob; the response carries its signed id in {@code Affix-Signed-Id} too.
 */
final class S3MultipartEndpoint implements Endpoint {

    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final int TOO_MANY_REQUESTS = 429;

    private final UploadSessions sessions;
    private final Blobs blobs;
    private final Declarations declarations;
    private final EndpointOptions options;
    private final DirectUploadAuthorizer authorizer;
    private final Optional<DirectUploadRateLimiter> limiter;
    private final ClientKey clients;
    private final String prefix;

    S3MultipartEndpoint(UploadSessions sessions, Blobs blobs, Declarations declarations, EndpointOptions options,
            DirectUploadAuthorizer authorizer, Optional<DirectUploadRateLimiter> limiter, ClientKey clients, String prefix) {
        this.sessions = sessions;
        this.blobs = blobs;
        this.declarations = declarations;
        this.options = options;
        this.authorizer = authorizer;
        this.limiter = limiter;
        this.clients = clients;
        this.prefix = prefix;
    }

    /** @param pathValues nothing (creation), the upload id, or the upload id and a part number, {@code complete} or {@code blob} */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, List<String> pathValues) throws IOException {
        try {
            if (pathValues.isEmpty()) {
                create(request, response);
                return;
            }
            String token = pathValues.get(0);
            UploadSession session = sessions.status(token);
            if (session.transfer() != UploadSession.Transfer.DIRECT_PARTS) {
                throw new UploadSessionNotFoundException();
            }
            if (!request.getMethod().equals("GET") && !authorizer.allows(request, new DeclaredUpload(session.filename(), session.contentType(), session.byteSize(), null,
                    session.metadata()))) {
                Responses.error(response, HttpServletResponse.SC_FORBIDDEN, "this upload is not allowed");
                return;
            }
            String action = pathValues.size() > 1 ? pathValues.get(1) : "";
            switch (request.getMethod() + " " + (action.matches("[0-9]{1,5}") ? "part" : action)) {
                case "GET part" -> partUrl(response, token, Integer.parseInt(action));
                case "GET " -> parts(response, token);
                case "POST complete" -> complete(request, response, token);
                case "DELETE " -> {
                    sessions.terminate(token);
                    Responses.json(response, HttpServletResponse.SC_OK, Map.of());
                }
                case "GET blob" -> blob(response, session);
                default -> Responses.notFound(response);
            }
        } catch (UploadSessionNotFoundException e) {
            Responses.error(response, HttpServletResponse.SC_NOT_FOUND, e.getMessage());
        } catch (UploadSessionExpiredException e) {
            Responses.error(response, HttpServletResponse.SC_GONE, e.getMessage());
        } catch (UploadSessionBusyException e) {
            Responses.error(response, 423, e.getMessage());
        } catch (UploadTooLargeException e) {
            Responses.error(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, e.getMessage());
        } catch (PartsMismatchException | UploadDeclarationException e) {
            Responses.error(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        } catch (ResumableUploadsUnsupportedException e) {
            Responses.error(response, HttpServletResponse.SC_NOT_IMPLEMENTED, e.getMessage());
        } catch (KeyExistsException e) {
            Responses.error(response, HttpServletResponse.SC_CONFLICT, "the upload's key is taken; it cannot be completed");
        }
    }

    private void create(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> body = jsonBody(request);
        Map<String, String> metadata = strings(body.get("metadata"));
        String size = metadata.remove("size");
        if (size == null || !size.matches("[1-9][0-9]{0,17}")) {
            Responses.error(response, 422, "metadata.size must be the file's size in bytes: set it on the file in Uppy (meta size)");
            return;
        }
        Map<String, String> declared = new LinkedHashMap<>(metadata);
        declared.putIfAbsent("name", Objects.toString(body.get("filename"), ""));
        if (body.get("type") != null) {
            declared.putIfAbsent("type", body.get("type").toString());
        }
        declared.remove("relativePath");
        TusDeclaration upload = TusDeclaration.read(declared, Long.parseLong(size));
        if (!authorizer.allows(request, upload.asDeclaredUpload())) {
            Responses.error(response, HttpServletResponse.SC_FORBIDDEN, "this upload is not allowed");
            return;
        }
        if (upload.byteSize() > sessions.settings().maxByteSize()) {
            Responses.error(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "metadata.size " + upload.byteSize()
                    + " is larger than the limit of " + sessions.settings().maxByteSize() + " bytes");
            return;
        }
        if (!options.allowsDirectUploadOf(upload.contentType())) {
            Responses.error(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "type " + upload.contentType()
                    + " is not allowed (allowed: " + String.join(", ", options.allowedDirectUploadTypes()) + ")");
            return;
        }
        Optional<String> service;
        try {
            service = upload.serviceOf(declarations);
        } catch (UndeclaredAttachmentException e) {
            Responses.error(response, 422, e.getMessage());
            return;
        } catch (AttachmentInvalidException e) {
            Responses.error(response, TusEndpoint.statusFor(e.violations()), e.getMessage());
            return;
        }
        Optional<Duration> wait = limiter.flatMap(rate -> rate.spend(Objects.toString(clients.of(request), ""), upload.byteSize()));
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(seconds));
            Responses.error(response, TOO_MANY_REQUESTS, "too many uploads from this client; try again in " + seconds + " s");
            return;
        }
        UploadSession session = sessions.createDirect(upload.toNewSession(service.orElse(null)));
        Responses.json(response, HttpServletResponse.SC_OK, Map.of("uploadId", session.token(), "key", session.key()));
    }

    private void partUrl(HttpServletResponse response, String token, int partNumber) throws IOException {
        Duration expiresIn = options.directUploadExpiry();
        Responses.json(response, HttpServletResponse.SC_OK, Map.of("url", sessions.partUrl(token, partNumber, expiresIn).toString(),
                "expires", expiresIn.toSeconds()));
    }

    private void parts(HttpServletResponse response, String token) throws IOException {
        List<Map<String, Object>> parts = new ArrayList<>();
        for (UploadedPart part : sessions.parts(token)) {
            parts.add(Map.of("PartNumber", part.number(), "Size", part.byteSize(), "ETag", part.tag()));
        }
        byte[] json = Json.write(parts).getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    private void complete(HttpServletRequest request, HttpServletResponse response, String token) throws IOException {
        Object listed = jsonBody(request).get("parts");
        if (!(listed instanceof List<?> parts)) {
            throw new UploadDeclarationException("the body must name the parts: {\"parts\":[{\"PartNumber\":1,\"ETag\":\"…\"}]}");
        }
        List<UploadedPart> claimed = new ArrayList<>();
        for (Object part : parts) {
            if (!(part instanceof Map<?, ?> fields) || !(fields.get("PartNumber") instanceof Number number) || number.intValue() < 1
                    || !(fields.get("ETag") instanceof String eTag)) {
                throw new UploadDeclarationException("each part must have a PartNumber (from 1) and an ETag");
            }
            claimed.add(new UploadedPart(number.intValue(), 0, eTag));
        }
        UploadSession session = sessions.completeDirect(token, claimed);
        Blob blob = blobs.require(session.blobId());
        String signedId = blobs.signedId(blob);
        response.setHeader(TusEndpoint.SIGNED_ID, signedId);
        Responses.json(response, HttpServletResponse.SC_OK, Map.of("location", request.getContextPath() + prefix + "/s3/multipart/" + token
                + "/blob", "key", blob.key(), "signed_id", signedId));
    }

    private void blob(HttpServletResponse response, UploadSession session) throws IOException {
        Optional<Blob> blob = session.blob().flatMap(blobs::find);
        if (blob.isEmpty()) {
            Responses.error(response, HttpServletResponse.SC_CONFLICT, "the upload is not complete; it becomes a blob once complete");
            return;
        }
        Map<String, Object> json = blob.get().asJson();
        json.put("signed_id", blobs.signedId(blob.get()));
        Responses.json(response, HttpServletResponse.SC_OK, json);
    }

    /** A JSON object body of at most {@value #MAX_BODY_BYTES} bytes. */
    private static Map<String, Object> jsonBody(HttpServletRequest request) throws IOException {
        if (MediaType.parse(request.getContentType()).filter(type -> type.essence().equals("application/json")).isEmpty()) {
            throw new UploadDeclarationException("the body must be sent as application/json");
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new UploadDeclarationException("the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            return Json.readObject(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new UploadDeclarationException("the body is not a JSON object");
        }
    }

    /** String, number and boolean values as text; other values are refused. */
    private static Map<String, String> strings(Object value) {
        Map<String, String> strings = new LinkedHashMap<>();
        if (value == null) {
            return strings;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new UploadDeclarationException("metadata must be a JSON object");
        }
        map.forEach((key, item) -> {
            if (item instanceof String || item instanceof Number || item instanceof Boolean) {
                strings.put(String.valueOf(key), String.valueOf(item));
            } else if (item != null) {
                throw new UploadDeclarationException("metadata." + key + " must be a string, a number or a boolean");
            }
        });
        return strings;
    }
}

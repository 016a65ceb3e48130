package dev.affix.http;

import dev.affix.attachment.Declarations;
import dev.affix.attachment.UndeclaredAttachmentException;
import dev.affix.blob.Blob;
import dev.affix.blob.Blobs;
import dev.affix.resumable.ChunkChecksum;
import dev.affix.resumable.ChunkChecksumMismatchException;
import dev.affix.resumable.ChunkInterruptedException;
import dev.affix.resumable.ChunkTooLongException;
import dev.affix.resumable.ResumableUploadsUnsupportedException;
import dev.affix.resumable.UploadOffsetMismatchException;
import dev.affix.resumable.UploadSession;
import dev.affix.resumable.UploadSessionBusyException;
import dev.affix.resumable.UploadSessionExpiredException;
import dev.affix.resumable.UploadSessionNotFoundException;
import dev.affix.resumable.UploadSessions;
import dev.affix.resumable.UploadTooLargeException;
import dev.affix.storage.KeyExistsException;
import dev.affix.validation.AttachmentInvalidException;
import dev.affix.validation.Violation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tus 1.0 protocol (core, creation, creation-with-upload, termination, expiration and checksum)
 * at {@code {prefix}/tus/}: {@code POST} creates an upload and answers its URL, {@code HEAD} tells its
 * offset, {@code PATCH} appends a chunk at that offset, {@code DELETE} ends it, {@code OPTIONS} tells
 * what the server supports; {@code X-HTTP-Method-Override} is honoured. The response that stores the
 * last byte carries the blob's signed id in {@code Affix-Signed-Id}, and {@code GET} of the upload's
 * URL answers the blob's JSON with {@code signed_id}, as {@code POST {prefix}/direct_uploads} does.
 *
 * <p>Creation is checked like a direct upload, before anything is stored: the declaration (400), the
 * size limit (413), the application's {@link DirectUploadAuthorizer} (403, asked again on every later
 * request), the allowed types (415), the rules of the named {@code attachment} (413, 415 or 422) and
 * the rate limit (429). Then: 409 for a chunk at another offset, 413 for bytes past the declared
 * length, 460 for a chunk that fails its {@code Upload-Checksum}, 423 while another request writes to
 * the upload, 404 for an unknown upload URL and 410 for an expired one.
 */
final class TusEndpoint implements Endpoint {

    static final String VERSION = "1.0.0";
    static final String EXTENSIONS = "creation,creation-with-upload,termination,expiration,checksum";
    static final String OFFSET_STREAM = "application/offset+octet-stream";
    static final String SIGNED_ID = "Affix-Signed-Id";
    private static final int LOCKED = 423;
    private static final int TOO_MANY_REQUESTS = 429;
    private static final int CHECKSUM_MISMATCH = 460;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final UploadSessions sessions;
    private final Blobs blobs;
    private final Declarations declarations;
    private final EndpointOptions options;
    private final DirectUploadAuthorizer authorizer;
    private final Optional<DirectUploadRateLimiter> limiter;
    private final ClientKey clients;
    private final String prefix;

    TusEndpoint(UploadSessions sessions, Blobs blobs, Declarations declarations, EndpointOptions options, DirectUploadAuthorizer authorizer,
            Optional<DirectUploadRateLimiter> limiter, ClientKey clients, String prefix) {
        this.sessions = sessions;
        this.blobs = blobs;
        this.declarations = declarations;
        this.options = options;
        this.authorizer = authorizer;
        this.limiter = limiter;
        this.clients = clients;
        this.prefix = prefix;
    }

    /** @param pathValues empty for the creation URL, else the upload's token */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, List<String> pathValues) throws IOException {
        response.setHeader("Tus-Resumable", VERSION);
        String method = Objects.requireNonNullElse(request.getHeader("X-HTTP-Method-Override"), request.getMethod()).toUpperCase(Locale.ROOT);
        String token = pathValues.isEmpty() ? null : pathValues.get(0);
        if (method.equals("OPTIONS")) {
            capabilities(response);
            return;
        }
        if (!method.equals("GET") && !VERSION.equals(request.getHeader("Tus-Resumable"))) {
            response.setHeader("Tus-Version", VERSION);
            fail(response, method, HttpServletResponse.SC_PRECONDITION_FAILED, "this server speaks tus " + VERSION
                    + "; send Tus-Resumable: " + VERSION);
            return;
        }
        try {
            switch (method) {
                case "POST" -> {
                    if (token != null) {
                        fail(response, method, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "uploads are created at " + prefix + "/tus/");
                    } else {
                        create(request, response);
                    }
                }
                case "HEAD" -> head(response, token);
                case "GET" -> blob(response, token);
                case "PATCH" -> patch(request, response, token);
                case "DELETE" -> terminate(request, response, token);
                default -> fail(response, method, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "tus has no " + method);
            }
        } catch (UploadSessionNotFoundException e) {
            fail(response, method, HttpServletResponse.SC_NOT_FOUND, e.getMessage());
        } catch (UploadSessionExpiredException e) {
            fail(response, method, HttpServletResponse.SC_GONE, e.getMessage());
        } catch (UploadOffsetMismatchException e) {
            fail(response, method, HttpServletResponse.SC_CONFLICT, e.getMessage());
        } catch (UploadSessionBusyException e) {
            fail(response, method, LOCKED, e.getMessage());
        } catch (ChunkTooLongException | UploadTooLargeException e) {
            fail(response, method, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, e.getMessage());
        } catch (ChunkChecksumMismatchException e) {
            fail(response, method, CHECKSUM_MISMATCH, e.getMessage());
        } catch (ResumableUploadsUnsupportedException e) {
            fail(response, method, HttpServletResponse.SC_NOT_IMPLEMENTED, e.getMessage());
        } catch (KeyExistsException e) {
            fail(response, method, HttpServletResponse.SC_CONFLICT, "the upload's key is taken; it cannot be completed");
        } catch (ChunkInterruptedException e) {
            // the client is gone and hears nothing; what it sent is kept, and it resumes from the offset HEAD tells
            Responses.bare(response, HttpServletResponse.SC_BAD_REQUEST);
        }
    }

    private void capabilities(HttpServletResponse response) {
        response.setHeader("Tus-Version", VERSION);
        response.setHeader("Tus-Extension", EXTENSIONS);
        response.setHeader("Tus-Max-Size", Long.toString(sessions.settings().maxByteSize()));
        response.setHeader("Tus-Checksum-Algorithm", String.join(",", ChunkChecksum.supported()));
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private void create(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getHeader("Upload-Defer-Length") != null) {
            fail(response, "POST", HttpServletResponse.SC_BAD_REQUEST, "Upload-Defer-Length is not supported: send Upload-Length");
            return;
        }
        Optional<Long> length = nonNegative(request.getHeader("Upload-Length"));
        if (length.isEmpty()) {
            fail(response, "POST", HttpServletResponse.SC_BAD_REQUEST, "Upload-Length must be the file's size in bytes");
            return;
        }
        if (length.get() > sessions.settings().maxByteSize()) {
            fail(response, "POST", HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Upload-Length " + length.get()
                    + " is larger than the limit of " + sessions.settings().maxByteSize() + " bytes");
            return;
        }
        TusDeclaration declared;
        try {
            declared = TusDeclaration.read(TusUploadMetadata.parse(request.getHeader(TusUploadMetadata.HEADER)), length.get());
        } catch (UploadDeclarationException e) {
            fail(response, "POST", HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        long bodyLength = request.getContentLengthLong();
        boolean withBody = bodyLength > 0 || request.getHeader("Transfer-Encoding") != null;
        if (withBody && !isOffsetStream(request)) {
            fail(response, "POST", HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "bytes sent with the creation need Content-Type: "
                    + OFFSET_STREAM);
            return;
        }
        if (withBody && bodyLength < 0) {
            fail(response, "POST", HttpServletResponse.SC_LENGTH_REQUIRED, "bytes sent with the creation need a Content-Length");
            return;
        }
        if (!authorizer.allows(request, declared.asDeclaredUpload())) {
            fail(response, "POST", HttpServletResponse.SC_FORBIDDEN, "this upload is not allowed");
            return;
        }
        if (!options.allowsDirectUploadOf(declared.contentType())) {
            fail(response, "POST", HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "filetype " + declared.contentType()
                    + " is not allowed (allowed: " + String.join(", ", options.allowedDirectUploadTypes()) + ")");
            return;
        }
        Optional<String> service;
        try {
            service = declared.serviceOf(declarations);
        } catch (UndeclaredAttachmentException e) {
            fail(response, "POST", 422, e.getMessage());
            return;
        } catch (AttachmentInvalidException e) {
            fail(response, "POST", statusFor(e.violations()), e.getMessage());
            return;
        }
        Optional<Duration> wait = limiter.flatMap(rate -> rate.spend(Objects.toString(clients.of(request), ""), declared.byteSize()));
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(seconds));
            fail(response, "POST", TOO_MANY_REQUESTS, "too many uploads from this client; try again in " + seconds + " s");
            return;
        }
        Optional<ChunkChecksum> checksum = withBody ? chunkChecksum(request, response) : Optional.empty();
        if (checksum == null) {
            return;
        }
        UploadSession session = sessions.create(declared.toNewSession(service.orElse(null)));
        response.setHeader("Location", request.getContextPath() + prefix + "/tus/" + session.token());
        if (withBody) {
            session = sessions.append(session.token(), 0, request.getInputStream(), bodyLength, checksum.orElse(null));
            response.setHeader("Upload-Offset", Long.toString(session.offset()));
        }
        progress(response, session);
        response.setStatus(HttpServletResponse.SC_CREATED);
        response.setContentLength(0);
    }

    private void head(HttpServletResponse response, String token) {
        UploadSession session = sessions.status(token);
        response.setHeader("Upload-Offset", Long.toString(session.offset()));
        response.setHeader("Upload-Length", Long.toString(session.byteSize()));
        if (!session.clientMetadata().isEmpty()) {
            response.setHeader(TusUploadMetadata.HEADER, TusUploadMetadata.format(session.clientMetadata()));
        }
        progress(response, session);
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentLength(0);
    }

    private void blob(HttpServletResponse response, String token) throws IOException {
        UploadSession session = sessions.status(token);
        if (!session.isComplete()) {
            fail(response, "GET", HttpServletResponse.SC_CONFLICT, "the upload has " + session.offset() + " of its " + session.byteSize()
                    + " bytes; it becomes a blob once complete");
            return;
        }
        Optional<Blob> blob = blobs.find(session.blobId());
        if (blob.isEmpty()) {
            fail(response, "GET", HttpServletResponse.SC_GONE, "the upload's blob was purged");
            return;
        }
        Map<String, Object> json = blob.get().asJson();
        json.put("signed_id", blobs.signedId(blob.get()));
        Responses.json(response, HttpServletResponse.SC_OK, json);
    }

    private void patch(HttpServletRequest request, HttpServletResponse response, String token) throws IOException {
        if (!isOffsetStream(request)) {
            fail(response, "PATCH", HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "a chunk must be sent as " + OFFSET_STREAM);
            return;
        }
        Optional<Long> offset = nonNegative(request.getHeader("Upload-Offset"));
        if (offset.isEmpty()) {
            fail(response, "PATCH", HttpServletResponse.SC_BAD_REQUEST, "Upload-Offset must be the offset of the chunk's first byte");
            return;
        }
        long length = request.getContentLengthLong();
        if (length < 0) {
            fail(response, "PATCH", HttpServletResponse.SC_LENGTH_REQUIRED, "a chunk needs a Content-Length");
            return;
        }
        Optional<ChunkChecksum> checksum = chunkChecksum(request, response);
        if (checksum == null) {
            return;
        }
        if (!allowed(request, sessions.status(token))) {
            fail(response, "PATCH", HttpServletResponse.SC_FORBIDDEN, "this upload is not allowed");
            return;
        }
        UploadSession session = sessions.append(token, offset.get(), request.getInputStream(), length, checksum.orElse(null));
        response.setHeader("Upload-Offset", Long.toString(session.offset()));
        progress(response, session);
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private void terminate(HttpServletRequest request, HttpServletResponse response, String token) throws IOException {
        UploadSession session = sessions.find(token).orElseThrow(UploadSessionNotFoundException::new);
        if (!allowed(request, session)) {
            fail(response, "DELETE", HttpServletResponse.SC_FORBIDDEN, "this upload is not allowed");
            return;
        }
        sessions.terminate(token);
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /** Until the upload is complete, when it expires; once it is, the blob's signed id. */
    private void progress(HttpServletResponse response, UploadSession session) {
        if (session.isComplete()) {
            response.setHeader(SIGNED_ID, blobs.signedId(blobs.require(session.blobId())));
        } else {
            response.setHeader("Upload-Expires", HTTP_DATE.format(session.expiresAt()));
        }
    }

    private boolean allowed(HttpServletRequest request, UploadSession session) {
        return authorizer.allows(request, new DeclaredUpload(session.filename(), session.contentType(), session.byteSize(), null,
                session.metadata()));
    }

    /** The chunk's {@code Upload-Checksum}, empty when it has none; null, having answered 400, when it is malformed. */
    private static Optional<ChunkChecksum> chunkChecksum(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String header = request.getHeader("Upload-Checksum");
        if (header == null) {
            return Optional.empty();
        }
        String[] parts = header.strip().split(" ");
        try {
            if (parts.length != 2) {
                throw new IllegalArgumentException("Upload-Checksum must be an algorithm and a base64 digest");
            }
            return Optional.of(ChunkChecksum.of(parts[0], parts[1]));
        } catch (IllegalArgumentException e) {
            fail(response, request.getMethod(), HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return null;
        }
    }

    private static boolean isOffsetStream(HttpServletRequest request) {
        return MediaType.parse(request.getContentType()).filter(type -> type.essence().equals(OFFSET_STREAM)).isPresent();
    }

    /** A size or offset header: digits only, within a long. */
    private static Optional<Long> nonNegative(String header) {
        if (header == null || !header.matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(header));
    }

    /** 413 when a size rule is broken, 415 when only the type is, else 422. */
    static int statusFor(List<Violation> violations) {
        if (violations.stream().anyMatch(v -> v.rule().endsWith("byte_size"))) {
            return violations.stream().anyMatch(v -> v.rule().equals("max_byte_size")) ? HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE : 422;
        }
        return HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE;
    }

    /** An error answer; a HEAD's carries no body. */
    private static void fail(HttpServletResponse response, String method, int status, String message) throws IOException {
        if (method.equals("HEAD")) {
            Responses.bare(response, status);
        } else {
            Responses.error(response, status, message);
        }
    }
}

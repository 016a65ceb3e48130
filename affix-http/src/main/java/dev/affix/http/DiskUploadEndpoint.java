package dev.affix.http;

import dev.affix.storage.IntegrityException;
import dev.affix.storage.StorageException;
import dev.affix.storage.disk.DiskService;
import dev.affix.storage.disk.DiskTokens.UploadGrant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code PUT {prefix}/disk/{token}}: a browser's direct upload into a Disk service. The body is streamed
 * into the service, which stores it only if its type, length and checksum are the ones the token was
 * issued for. A body without Content-Length (chunked) is refused with 411: the length is part of
 * what the token allows, so it must be declared before the first byte. A body that ends early gets 400.
 */
final class DiskUploadEndpoint implements Endpoint {

    private final DiskGrants grants;

    DiskUploadEndpoint(DiskGrants grants) {
        this.grants = grants;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, List<String> pathValues) throws IOException {
        Optional<DiskGrants.Granted<UploadGrant>> found = grants.find(pathValues.get(0), DiskService::verifyUploadToken);
        if (found.isEmpty()) {
            Responses.notFound(response);
            return;
        }
        long length = request.getContentLengthLong();
        if (length < 0) {
            Responses.error(response, HttpServletResponse.SC_LENGTH_REQUIRED, "a direct upload needs a Content-Length header");
            return;
        }
        RequestBody body = new RequestBody(request.getInputStream());
        try {
            found.get().service().receiveDirectUpload(found.get().grant(), request.getContentType(), length, body);
        } catch (IntegrityException e) {
            Responses.error(response, 422, e.getMessage());
            return;
        } catch (StorageException e) {
            if (!body.failed()) {
                throw e;
            }
            Responses.error(response, HttpServletResponse.SC_BAD_REQUEST, "the body ended before its Content-Length; nothing was stored");
            return;
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}

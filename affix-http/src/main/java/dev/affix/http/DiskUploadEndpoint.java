package dev.affix.http;

import dev.affix.storage.IntegrityException;
import dev.affix.storage.InvalidKeyException;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.StorageException;
import dev.affix.storage.disk.DiskTokens.UploadGrant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code PUT {prefix}/disk/{token}}: a browser's direct upload into a Disk service, the one the token
 * names as configured (decorated, or the primary of a Mirror, which copies it on once it is attached).
 * The body is streamed into the service, which stores it only if its type, length and checksum are the
 * ones the token was issued for. A body without Content-Length (chunked) is refused with 411: the
 * length is part of what the token allows, so it must be declared before the first byte. A body that
 * ends early gets 400; a key no service could hold (in a genuine token) gets 422.
 */
final class DiskUploadEndpoint implements Endpoint {

    private final DiskGrants grants;

    DiskUploadEndpoint(DiskGrants grants) {
        this.grants = grants;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, List<String> pathValues) throws IOException {
        Optional<DiskGrants.Granted<UploadGrant>> found = grants.upload(pathValues.get(0));
        if (found.isEmpty()) {
            Responses.notFound(response);
            return;
        }
        long length = request.getContentLengthLong();
        if (length < 0) {
            Responses.error(response, HttpServletResponse.SC_LENGTH_REQUIRED, "a direct upload needs a Content-Length header");
            return;
        }
        UploadGrant grant = found.get().grant();
        RequestBody body = new RequestBody(request.getInputStream());
        try {
            grant.requireDeclared(request.getContentType(), length);
            found.get().service().upload(grant.key(), body, grant.uploadOptions());
        } catch (IntegrityException | InvalidKeyException e) {
            Responses.error(response, 422, e.getMessage());
            return;
        } catch (KeyExistsException e) {
            // the token was used already (or the key taken otherwise): what is there stays
            Responses.error(response, HttpServletResponse.SC_CONFLICT, "these bytes were stored already; nothing was changed");
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

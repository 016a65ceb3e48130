package dev.affix.http;

import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageService;
import dev.affix.storage.disk.DiskTokens.DownloadGrant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET {prefix}/disk/{token}/{filename}}: the bytes a Disk service's download token grants, with
 * the type, filename and disposition the token carries (still subject to the {@link ServingPolicy}).
 * The service is the one the token names; its bytes must be local files ({@code localFile}), which
 * give the size and let the container send them itself.
 */
final class DiskDownloadEndpoint implements Endpoint {

    private final DiskGrants grants;
    private final ServingPolicy policy;
    private final ObjectResponder responder;

    DiskDownloadEndpoint(DiskGrants grants, ServingPolicy policy, ObjectResponder responder) {
        this.grants = grants;
        this.policy = policy;
        this.responder = responder;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, List<String> pathValues) throws IOException {
        Optional<DiskGrants.Granted<DownloadGrant>> found = grants.download(pathValues.get(0));
        if (found.isEmpty()) {
            Responses.notFound(response);
            return;
        }
        StorageService service = found.get().service();
        DownloadGrant grant = found.get().grant();
        String key = grant.key();
        Optional<Path> file = service.localFile(key);
        if (file.isEmpty()) {
            Responses.notFound(response);
            return;
        }
        // a private service's URL is signed for one viewer: only their browser may keep the answer
        ServedObject object = new ServedObject(size(file.get(), service, key), etag(service, key), null,
                policy.contentType(grant.contentType()), policy.disposition(grant.contentType(), grant.disposition()), grant.filename(),
                service.isPublic(), Optional.empty(),
                range -> range == null ? service.download(key) : service.download(key, range), () -> file);
        responder.respond(request, response, object);
    }

    private static long size(Path file, StorageService service, String key) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(service.name(), key);
        } catch (IOException e) {
            throw new StorageException("service '" + service.name() + "': could not read the size of key '" + key + "': " + e, e);
        }
    }

    /** Affix never stores different bytes under an existing key, so the key identifies the bytes as a checksum would. */
    private static String etag(StorageService service, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((service.name() + "/" + key).getBytes(StandardCharsets.UTF_8));
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}

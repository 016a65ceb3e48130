package dev.affix.http;

import dev.affix.storage.disk.DiskService;
import dev.affix.storage.disk.DiskTokens.DownloadGrant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET {prefix}/disk/{token}/{filename}}: the bytes a Disk service's download token grants, with
 * the type, filename and disposition the token carries (still subject to the {@link ServingPolicy}).
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
        Optional<DiskGrants.Granted<DownloadGrant>> found = grants.find(pathValues.get(0), DiskService::verifyDownloadToken);
        if (found.isEmpty()) {
            Responses.notFound(response);
            return;
        }
        DiskService service = found.get().service();
        DownloadGrant grant = found.get().grant();
        String key = grant.key();
        // a private service's URL is signed for one viewer: only their browser may keep the answer
        ServedObject object = new ServedObject(service.size(key), etag(service, key), null, policy.contentType(grant.contentType()),
                policy.disposition(grant.contentType(), grant.disposition()), grant.filename(), service.isPublic(),
                range -> range == null ? service.download(key) : service.download(key, range), () -> service.localFile(key));
        responder.respond(request, response, object);
    }

    /** Affix never stores different bytes under an existing key, so the key identifies the bytes as a checksum would. */
    private static String etag(DiskService service, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((service.name() + "/" + key).getBytes(StandardCharsets.UTF_8));
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}

package dev.affix.http;

import dev.affix.storage.StorageService;
import dev.affix.storage.StorageServices;
import dev.affix.storage.disk.DiskTokens;
import dev.affix.storage.disk.DiskTokens.DownloadGrant;
import dev.affix.storage.disk.DiskTokens.UploadGrant;
import java.util.Optional;

/**
 * Verifies a Disk token once and finds the service it names, as configured: decorated (timed, traced)
 * or inside a Mirror. What the service can do is asked of it ({@code localFile}, {@code upload}), never
 * inferred from its class, so decorators keep Disk URLs working.
 */
final class DiskGrants {

    /** A verified grant and the service it names. */
    record Granted<G>(StorageService service, G grant) {
    }

    private final DiskTokens tokens;
    private final StorageServices services;

    DiskGrants(DiskTokens tokens, StorageServices services) {
        this.tokens = tokens;
        this.services = services;
    }

    Optional<Granted<DownloadGrant>> download(String token) {
        return tokens.verifyDownload(token).flatMap(grant -> service(grant.serviceName()).map(service -> new Granted<>(service, grant)));
    }

    Optional<Granted<UploadGrant>> upload(String token) {
        return tokens.verifyUpload(token).flatMap(grant -> service(grant.serviceName()).map(service -> new Granted<>(service, grant)));
    }

    /** Empty for a service no longer configured: its tokens find nothing, like forged ones. */
    private Optional<StorageService> service(String name) {
        return services.all().stream().filter(service -> service.name().equals(name)).findFirst();
    }
}

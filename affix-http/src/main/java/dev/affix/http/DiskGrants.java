package dev.affix.http;

import dev.affix.storage.StorageService;
import dev.affix.storage.StorageServices;
import dev.affix.storage.disk.DiskService;
import java.util.Optional;
import java.util.function.BiFunction;

/** Finds the Disk service that minted a token, each service verifying with its own method. */
final class DiskGrants {

    /** A verified grant and the service it names. */
    record Granted<G>(DiskService service, G grant) {
    }

    private final StorageServices services;

    DiskGrants(StorageServices services) {
        this.services = services;
    }

    /** @param verify {@link DiskService#verifyDownloadToken} or {@link DiskService#verifyUploadToken} */
    <G> Optional<Granted<G>> find(String token, BiFunction<DiskService, String, Optional<G>> verify) {
        for (StorageService service : services.all()) {
            if (service instanceof DiskService disk) {
                Optional<G> grant = verify.apply(disk, token);
                if (grant.isPresent()) {
                    return Optional.of(new Granted<>(disk, grant.get()));
                }
            }
        }
        return Optional.empty();
    }
}

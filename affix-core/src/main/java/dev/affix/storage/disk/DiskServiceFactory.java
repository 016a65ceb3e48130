package dev.affix.storage.disk;

import dev.affix.storage.StorageException;
import dev.affix.storage.StorageService;
import dev.affix.storage.spi.ServiceContext;
import dev.affix.storage.spi.ServiceSettings;
import dev.affix.storage.spi.StorageServiceFactory;
import java.util.Set;

/** {@code service: Disk} with {@code root:} (required), {@code public:} and {@code sync:} (default true). */
public final class DiskServiceFactory implements StorageServiceFactory {

    @Override
    public String type() {
        return DiskService.TYPE;
    }

    @Override
    public StorageService create(ServiceSettings settings, ServiceContext context) {
        settings.requireOnlyKeys(Set.of("root", "public", "sync"));
        try {
            return new DiskService(settings.name(), settings.requirePath("root"), settings.bool("public", false),
                    settings.bool("sync", true), new DiskTokens(context.signer()), context.http());
        } catch (StorageException e) {
            throw settings.problem(e.getMessage(), e);
        }
    }
}

package dev.affix.storage.disk;

import dev.affix.config.ConfigurationException;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageService;
import dev.affix.storage.spi.ServiceContext;
import dev.affix.storage.spi.ServiceSettings;
import dev.affix.storage.spi.StorageServiceFactory;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code service: Disk} with {@code root:} (required), {@code public:}, {@code sync:} (default true)
 * and {@code group:} (the group that owns and may read what the service creates).
 */
public final class DiskServiceFactory implements StorageServiceFactory {

    @Override
    public String type() {
        return DiskService.TYPE;
    }

    @Override
    public StorageService create(ServiceSettings settings, ServiceContext context) {
        settings.requireOnlyKeys(Set.of("root", "public", "sync", "group"));
        Path root = settings.requirePath("root");
        boolean isPublic = settings.bool("public", false);
        boolean sync = settings.bool("sync", true);
        String group = settings.string("group").orElse(null);
        try {
            return new DiskService(settings.name(), root, isPublic, sync, group, new DiskTokens(context.signer()), context.http());
        } catch (StorageException | ConfigurationException e) {
            throw settings.problem(e.getMessage(), e);
        }
    }
}

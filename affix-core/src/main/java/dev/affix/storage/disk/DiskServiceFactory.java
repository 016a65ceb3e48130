package dev.affix.storage.disk;

import dev.affix.config.ConfigurationException;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageService;
import dev.affix.storage.spi.ServiceContext;
import dev.affix.storage.spi.ServiceSettings;
import dev.affix.storage.spi.StorageServiceFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code service: Disk} with {@code root:} (required), {@code public:}, {@code sync:} (default true),
 * {@code group:} (the group that owns and may read what the service creates) and {@code layout:}
 * ({@code sharded}, the default, or {@code flat}: see {@link DiskLayout}).
 */
public final class DiskServiceFactory implements StorageServiceFactory {

    @Override
    public String type() {
        return DiskService.TYPE;
    }

    @Override
    public StorageService create(ServiceSettings settings, ServiceContext context) {
        settings.requireOnlyKeys(Set.of("root", "public", "sync", "group", "layout"));
        Path root = settings.requirePath("root");
        boolean isPublic = settings.bool("public", false);
        boolean sync = settings.bool("sync", true);
        String group = settings.string("group").orElse(null);
        DiskLayout layout = layout(settings);
        try {
            return new DiskService(settings.name(), root, isPublic, sync, group, layout, new DiskTokens(context.signer()),
                    context.http());
        } catch (StorageException | ConfigurationException e) {
            throw settings.problem(e.getMessage(), e);
        }
    }

    private static DiskLayout layout(ServiceSettings settings) {
        Optional<String> value = settings.string("layout");
        if (value.isEmpty()) {
            return DiskLayout.SHARDED;
        }
        return DiskLayout.fromConfigName(value.get()).orElseThrow(() -> settings.problem("layout '" + value.get()
                + "' is not one of: " + Arrays.stream(DiskLayout.values()).map(DiskLayout::configName).collect(Collectors.joining(", "))));
    }
}

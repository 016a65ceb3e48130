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
 * {@code group:} (the group that owns and may read what the service creates), {@code folder_mode:}
 * and {@code file_mode:} (quoted octal, {@code "0750"} and {@code "0640"} by default: see
 * {@link DiskModes}) and {@code layout:} ({@code sharded}, the default, or {@code flat}: see {@link DiskLayout}).
 */
public final class DiskServiceFactory implements StorageServiceFactory {

    @Override
    public String type() {
        return DiskService.TYPE;
    }

    @Override
    public StorageService create(ServiceSettings settings, ServiceContext context) {
        settings.requireOnlyKeys(Set.of("root", "public", "sync", "group", "folder_mode", "file_mode", "layout"));
        Path root = settings.requirePath("root");
        boolean isPublic = settings.bool("public", false);
        boolean sync = settings.bool("sync", true);
        String group = settings.string("group").orElse(null);
        DiskLayout layout = layout(settings);
        try {
            DiskModes modes = DiskModes.parse(mode(settings, "folder_mode"), mode(settings, "file_mode"));
            return new DiskService(settings.name(), root, isPublic, sync, group, modes, layout, new DiskTokens(context.signer()),
                    context.http());
        } catch (StorageException | ConfigurationException e) {
            throw settings.problem(e.getMessage(), e);
        }
    }

    /** A mode must be written quoted: YAML reads 0644 as the number 420 and 644 as six hundred and forty-four. */
    private static String mode(ServiceSettings settings, String key) {
        Object value = settings.values().get(key);
        if (value != null && !(value instanceof String)) {
            throw settings.problem(key + " " + value + " must be quoted octal text, e.g. " + key + ": \"0644\"");
        }
        return (String) value;
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

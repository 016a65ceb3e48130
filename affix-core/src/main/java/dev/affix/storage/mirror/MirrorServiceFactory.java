package dev.affix.storage.mirror;

import dev.affix.storage.StorageService;
import dev.affix.storage.spi.ServiceContext;
import dev.affix.storage.spi.ServiceSettings;
import dev.affix.storage.spi.StorageServiceFactory;
import java.util.List;
import java.util.Set;

/** {@code service: Mirror} with {@code primary:} and {@code mirrors:} naming other configured services. */
public final class MirrorServiceFactory implements StorageServiceFactory {

    @Override
    public String type() {
        return MirrorService.TYPE;
    }

    @Override
    public StorageService create(ServiceSettings settings, ServiceContext context) {
        settings.requireOnlyKeys(Set.of("primary", "mirrors"));
        String primaryName = settings.requireString("primary");
        List<String> mirrorNames = settings.stringList("mirrors");
        if (mirrorNames.isEmpty()) {
            throw settings.problem("missing required key 'mirrors' (a list of service names)");
        }
        if (mirrorNames.contains(primaryName)) {
            throw settings.problem("'" + primaryName + "' is both the primary and a mirror");
        }
        return new MirrorService(settings.name(), context.service(primaryName),
                mirrorNames.stream().map(context::service).toList());
    }
}

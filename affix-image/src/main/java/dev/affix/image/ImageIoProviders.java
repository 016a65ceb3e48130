package dev.affix.image;

import java.util.Iterator;
import java.util.Optional;
import javax.imageio.spi.ServiceRegistry;

/** Finds an ImageIO plugin by its provider's class name: how the allow-lists of readers and writers name theirs. */
final class ImageIoProviders {

    private ImageIoProviders() {
    }

    static <T> Optional<T> registered(ServiceRegistry registry, Class<T> category, String className) {
        Iterator<T> all = registry.getServiceProviders(category, false);
        while (all.hasNext()) {
            T provider = all.next();
            if (provider.getClass().getName().equals(className)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }
}

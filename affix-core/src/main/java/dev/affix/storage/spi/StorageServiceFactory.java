package dev.affix.storage.spi;

import dev.affix.storage.StorageService;

/**
 * Builds one type of storage service from its configuration. Factories are found with
 * {@link java.util.ServiceLoader}, so a module that adds a service (affix-s3, or an application's
 * own) registers it in {@code META-INF/services/dev.affix.storage.spi.StorageServiceFactory} and the
 * configuration can name its {@link #type()}.
 */
public interface StorageServiceFactory {

    /** The value of {@code service:} in the configuration that selects this factory, e.g. {@code Disk}. */
    String type();

    /**
     * Builds the service, failing with {@link dev.affix.config.ConfigurationException} (see
     * {@link ServiceSettings#problem}) if the settings are missing a key or name something unusable.
     */
    StorageService create(ServiceSettings settings, ServiceContext context);
}

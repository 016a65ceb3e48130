package dev.affix.config;

import dev.affix.storage.StorageService;
import dev.affix.storage.disk.DiskServiceFactory;
import dev.affix.storage.spi.ServiceContext;
import dev.affix.storage.spi.ServiceSettings;
import dev.affix.storage.spi.StorageServiceFactory;

/** An application's own factory, named by its class in the configuration. */
public class CustomDiskFactory implements StorageServiceFactory {

    @Override
    public String type() {
        return "CustomDisk";
    }

    @Override
    public StorageService create(ServiceSettings settings, ServiceContext context) {
        return new DiskServiceFactory().create(settings, context);
    }
}

package dev.affix.azure;

import dev.affix.storage.StorageService;
import dev.affix.testkit.StorageServiceContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared contract suite against Azurite, through the service the factory builds from configuration. */
@ExtendWith(AzuriteExtension.class)
class AzureBlobServiceContractTest extends StorageServiceContract {

    private StorageService service;

    @BeforeEach
    void createService(Azurite azurite) {
        service = AzureTestServices.fromSettings(azurite.settings(azurite.newContainer().getBlobContainerName()));
    }

    @Override
    protected StorageService service() {
        return service;
    }
}

package dev.affix.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.affix.storage.StorageService;
import dev.affix.testkit.StorageServiceContract;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared contract suite against Azurite, through the service the factory builds from configuration. */
@ExtendWith(AzuriteExtension.class)
class AzureBlobServiceContractTest extends StorageServiceContract {

    private BlobContainerClient container;
    private StorageService service;

    @BeforeEach
    void createService(Azurite azurite) {
        container = azurite.newContainer();
        service = AzureTestServices.fromSettings(azurite.settings(container.getBlobContainerName()));
    }

    @Override
    protected StorageService service() {
        return service;
    }

    /**
     * Blobs that have only uncommitted blocks, which an upload refused before its commit would leave
     * under a new name. (Blocks staged for a key whose blob exists stay uncommitted blocks of that
     * blob, invisible, until Azure discards them a week later; nothing can remove them sooner.)
     */
    @Override
    protected List<String> temporaryLeftovers() {
        Set<String> committed = container.listBlobs().stream().map(BlobItem::getName).collect(Collectors.toSet());
        return container.listBlobs(new ListBlobsOptions().setDetails(new BlobListDetails().setRetrieveUncommittedBlobs(true)), null)
                .stream().map(BlobItem::getName).filter(name -> !committed.contains(name)).sorted().toList();
    }
}

package dev.affix.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.storage.StorageService;
import dev.affix.testkit.ResumableUploadsContract;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The resumable-upload contract against Azurite: blocks staged at the key, committed when complete. */
@ExtendWith(AzuriteExtension.class)
class AzureResumableUploadsTest extends ResumableUploadsContract {

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

    /** Blobs with only uncommitted blocks: an upload neither completed nor aborted. */
    @Override
    protected List<String> leftovers() {
        Set<String> committed = container.listBlobs().stream().map(BlobItem::getName).collect(Collectors.toSet());
        return container.listBlobs(new ListBlobsOptions().setDetails(new BlobListDetails().setRetrieveUncommittedBlobs(true)), null)
                .stream().map(BlobItem::getName).filter(name -> !committed.contains(name)).sorted().toList();
    }

    @Test
    void theCommittedBlobRecordsTheMd5ComputedAsTheBytesArrived() {
        byte[] data = bytes(3000, 21);
        String key = uploadInOneChunk("with-md5", data);

        byte[] recorded = container.getBlobClient(key).getProperties().getContentMd5();
        assertThat(Base64.getEncoder().encodeToString(recorded))
                .isEqualTo(Base64.getEncoder().encodeToString(ChecksumAlgorithm.MD5.newDigest().digest(data)));
    }
}

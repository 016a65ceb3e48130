package dev.affix.gcs;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import dev.affix.storage.StorageService;
import dev.affix.testkit.ResumableUploadsContract;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;

/**
 * The resumable-upload contract against GCS as played by the in-memory fake (see
 * {@link GcsServiceContractTest} for what the fake leaves unchecked): parts as scratch objects,
 * composed into the key at the end.
 */
class GcsResumableUploadsTest extends ResumableUploadsContract {

    private FakeGcs gcs;
    private GcsService service;

    @BeforeEach
    void createService() {
        gcs = new FakeGcs();
        service = gcs.service(false, null);
    }

    @Override
    protected StorageService service() {
        return service;
    }

    /** The scratch folders' parts and chains, and compose's own scratch objects. */
    @Override
    protected List<String> leftovers() {
        return StreamSupport.stream(gcs.storage.list(FakeGcs.BUCKET, Storage.BlobListOption.prefix("affix-")).iterateAll().spliterator(),
                false).map(Blob::getName).sorted().toList();
    }
}

package dev.affix.gcs;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.StorageService;
import dev.affix.testkit.StorageServiceContract;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract suite against GCS as played by an in-memory fake, not by a real protocol peer: the
 * SDK's StorageRpc is LocalStorageHelper's FakeStorageRpc (google-cloud-nio), completed by
 * {@link com.google.cloud.storage.contrib.nio.testing.ExtendedFakeStorageRpc} with compose, patch,
 * batch deletes and finalize-time visibility, and signed URLs are served by {@link SignedUrlEndpoint}.
 * The SDK itself runs for real above the RPC layer: options, retries, resumable upload sessions in
 * chunks, ranged read channels, batch bookkeeping and V4 URL signing.
 *
 * <p>What this leaves unchecked, because only Google's servers could check it:
 * <ul>
 *   <li>that GCS accepts our V4 signatures: the endpoint verifies them against the test key with
 *       its own canonical request, so a signing rule that the SDK and the endpoint both get wrong
 *       would pass;</li>
 *   <li>that GCS refuses a signed PUT whose body does not match the signed Content-MD5, and a
 *       resumable upload whose bytes do not match the declared md5Hash (the fake never compares
 *       checksums; the endpoint's MD5 check is ours);</li>
 *   <li>that GCS refuses writes to a taken key under {@code ifGenerationMatch=0} as the completed
 *       fake and the endpoint do (at a session's start and finalization, on compose, and for a
 *       signed PUT with {@code x-goog-if-generation-match: 0});</li>
 *   <li>GCS's compose, patch and batch semantics beyond what the fake's completion implements, its
 *       HTTP error codes and messages (missing bucket, permissions, credentials), throttling and
 *       the retries they cause, and everything about the network and the JSON wire format.</li>
 * </ul>
 */
class GcsServiceContractTest extends StorageServiceContract {

    private FakeGcs gcs;
    private GcsService service;
    private SignedUrlEndpoint endpoint;

    @BeforeEach
    void createService() {
        gcs = new FakeGcs();
        service = gcs.service(false, null);
        endpoint = gcs.endpoint();
    }

    @Override
    protected StorageService service() {
        return service;
    }

    @Override
    protected HttpResult fetch(URI url) {
        return endpoint.get(url);
    }

    @Override
    protected HttpResult put(DirectUploadTarget target, Map<String, String> headers, byte[] body) {
        return endpoint.put(target.url(), headers, body);
    }

    @Override
    protected void letTimePass(Duration duration) {
        gcs.clock.advance(duration);
    }

    /** Compose's scratch objects, which it deletes once the result is published or refused. */
    @Override
    protected List<String> temporaryLeftovers() {
        return StreamSupport.stream(gcs.storage.list(FakeGcs.BUCKET, Storage.BlobListOption.prefix(GcsComposer.SCRATCH_PREFIX))
                .iterateAll().spliterator(), false).map(Blob::getName).sorted().toList();
    }
}

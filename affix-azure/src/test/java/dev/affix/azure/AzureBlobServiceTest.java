package dev.affix.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlockList;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.PublicAccessType;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.storage.ByteRange;
import dev.affix.storage.DirectUploadRequest;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.Disposition;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.RangeNotSatisfiableException;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UrlOptions;
import dev.affix.testkit.PatternStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the Azure service does beyond the shared contract, checked against Azurite. */
@ExtendWith(AzuriteExtension.class)
class AzureBlobServiceTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private BlobContainerClient container;
    private AzureBlobService service;

    @BeforeEach
    void createService(Azurite azurite) {
        container = azurite.newContainer();
        service = new AzureBlobService("azure", container, false, AzureBlobService.DEFAULT_BLOCK_SIZE);
    }

    @Test
    void uploadRecordsTypeDispositionMetadataAndContentMd5() {
        byte[] data = bytes(3000, 1);
        service.upload("doc", new ByteArrayInputStream(data), UploadOptions.verifying(md5(data))
                .withMetadata(new ObjectMetadata("application/pdf", "report ü.pdf", Disposition.ATTACHMENT, Map.of("origin", "scan"))));

        BlobProperties properties = container.getBlobClient("doc").getProperties();
        assertThat(properties.getContentType()).isEqualTo("application/pdf");
        assertThat(properties.getContentDisposition())
                .isEqualTo("attachment; filename=\"report _.pdf\"; filename*=UTF-8''report%20%C3%BC.pdf");
        assertThat(properties.getMetadata()).containsEntry("origin", "scan");
        assertThat(properties.getContentMd5()).isEqualTo(md5(data).digest());
    }

    @Test
    void multiBlockUploadStreamsBlockByBlock() throws IOException {
        int blockSize = 1024 * 1024;
        AzureBlobService smallBlocks = new AzureBlobService("azure", container, false, blockSize);
        long size = 12L * blockSize + 12345;
        Checksum expected = md5Of(new PatternStream(size, 2));

        StoredObject stored = smallBlocks.upload("big", new PatternStream(size, 2), UploadOptions.verifying(expected).withByteSize(size));

        assertThat(stored.byteSize()).isEqualTo(size);
        assertThat(stored.checksum()).isEqualTo(expected);
        BlockList blocks = container.getBlobClient("big").getBlockBlobClient().listBlocks(BlockListType.ALL);
        assertThat(blocks.getCommittedBlocks()).hasSize(13);
        assertThat(blocks.getCommittedBlocks().get(0).getSizeLong()).isEqualTo(blockSize);
        assertThat(blocks.getUncommittedBlocks()).isEmpty();
        assertThat(container.getBlobClient("big").getProperties().getContentMd5()).isEqualTo(expected.digest());
        try (InputStream in = smallBlocks.download("big")) {
            assertThat(md5Of(in)).isEqualTo(expected);
        }
    }

    @Test
    void failedUploadLeavesOnlyUncommittedBlocksThatAreNoBlob() {
        AzureBlobService smallBlocks = new AzureBlobService("azure", container, false, 1024);
        byte[] data = bytes(5000, 3);

        assertThatThrownBy(() -> smallBlocks.upload("bad", new ByteArrayInputStream(data), UploadOptions.verifying(md5(bytes(5000, 4)))))
                .hasMessageContaining("nothing was stored");

        assertThat(container.getBlobClient("bad").getBlockBlobClient().listBlocks(BlockListType.UNCOMMITTED)
                .getUncommittedBlocks()).hasSize(5);
        assertThat(container.getBlobClient("bad").exists()).isFalse();
        assertThat(container.listBlobs()).isEmpty();
    }

    @Test
    void sha256UploadStillRecordsTheContentMd5ThatAzureServes() {
        byte[] data = bytes(2000, 5);
        Checksum sha = Checksum.of(ChecksumAlgorithm.SHA256, ChecksumAlgorithm.SHA256.newDigest().digest(data));

        StoredObject stored = service.upload("sha", new ByteArrayInputStream(data), UploadOptions.verifying(sha));

        assertThat(stored.checksum()).isEqualTo(sha);
        assertThat(container.getBlobClient("sha").getProperties().getContentMd5()).isEqualTo(md5(data).digest());
    }

    @Test
    void metadataNamesAzureCannotStoreAreRefusedBeforeUploading() {
        UploadOptions options = UploadOptions.defaults().withMetadata(ObjectMetadata.none().withCustom(Map.of("not-an-identifier", "v")));

        assertThatThrownBy(() -> service.upload("meta", new ByteArrayInputStream(bytes(10, 6)), options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'not-an-identifier'");
        assertThat(container.getBlobClient("meta").exists()).isFalse();
    }

    @Test
    void updateMetadataReplacesHeadersAndMetadataButKeepsTheContentMd5() {
        byte[] data = bytes(100, 7);
        service.upload("meta", new ByteArrayInputStream(data), UploadOptions.defaults()
                .withMetadata(new ObjectMetadata("text/plain", "a.txt", Disposition.ATTACHMENT, Map.of("old", "1"))));

        service.updateMetadata("meta", new ObjectMetadata("image/png", "pic.png", Disposition.INLINE, Map.of("fresh", "2")));

        BlobProperties properties = container.getBlobClient("meta").getProperties();
        assertThat(properties.getContentType()).isEqualTo("image/png");
        assertThat(properties.getContentDisposition()).isEqualTo("inline; filename=\"pic.png\"; filename*=UTF-8''pic.png");
        assertThat(properties.getMetadata()).isEqualTo(Map.of("fresh", "2"));
        assertThat(properties.getContentMd5()).isEqualTo(md5(data).digest());
    }

    @Test
    void rangeOfAnEmptyObjectIsNotSatisfiable() {
        service.upload("empty", new ByteArrayInputStream(new byte[0]), UploadOptions.defaults());

        assertThatThrownBy(() -> service.download("empty", ByteRange.from(0))).isInstanceOf(RangeNotSatisfiableException.class);
    }

    @Test
    void backslashesInKeysNameTheSameBlobAsSlashesAsAzureDoes() throws Exception {
        byte[] data = bytes(20, 8);
        service.upload("dir\\file", new ByteArrayInputStream(data), UploadOptions.defaults());

        assertThat(service.exists("dir/file")).isTrue();
        assertThat(get(service.url("dir\\file", UrlOptions.expiringIn(Duration.ofMinutes(1)))).body()).isEqualTo(data);
    }

    // --- signed URLs --------------------------------------------------------------------------------

    @Test
    void signedUrlServesTheRequestedTypeAndDisposition() throws Exception {
        byte[] data = bytes(500, 9);
        service.upload("file", new ByteArrayInputStream(data), UploadOptions.defaults()
                .withMetadata(ObjectMetadata.none().withContentType("application/octet-stream")));

        URI url = service.url("file", UrlOptions.expiringIn(Duration.ofMinutes(5))
                .withFilename("résumé \"final\".pdf").withDisposition(Disposition.ATTACHMENT).withContentType("application/pdf"));
        HttpResponse<byte[]> response = get(url);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(data);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"r_sum_ _final_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf");
        assertThat(url.getRawQuery()).contains("sp=r").contains("se=");
    }

    @Test
    void signedUrlWithoutOverridesServesTheStoredType() throws Exception {
        service.upload("plain.txt", new ByteArrayInputStream("hi".getBytes(StandardCharsets.UTF_8)), UploadOptions.defaults()
                .withMetadata(ObjectMetadata.none().withContentType("text/plain")));

        HttpResponse<byte[]> response = get(service.url("plain.txt", UrlOptions.expiringIn(Duration.ofMinutes(5))));

        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue("inline");
    }

    @Test
    void tamperedSignedUrlIsRefused() throws Exception {
        service.upload("secret", new ByteArrayInputStream(bytes(10, 10)), UploadOptions.defaults());
        service.upload("other", new ByteArrayInputStream(bytes(10, 11)), UploadOptions.defaults());

        URI url = service.url("secret", UrlOptions.expiringIn(Duration.ofMinutes(5)));
        URI forOther = URI.create(url.toString().replace("/secret?", "/other?"));

        assertThat(get(forOther).statusCode()).isEqualTo(403);
        assertThat(get(URI.create(url.toString().split("\\?")[0])).statusCode()).isIn(403, 404);
    }

    @Test
    void publicServiceGivesPermanentPlainUrls() throws Exception {
        container.setAccessPolicy(PublicAccessType.BLOB, null);
        AzureBlobService publicService = new AzureBlobService("azure", container, true, AzureBlobService.DEFAULT_BLOCK_SIZE);
        byte[] data = bytes(30, 12);
        publicService.upload("open.bin", new ByteArrayInputStream(data), UploadOptions.defaults());

        URI url = publicService.url("open.bin", UrlOptions.expiringIn(Duration.ofSeconds(1)));

        assertThat(url.getRawQuery()).isNull();
        assertThat(url.toString()).isEqualTo(container.getBlobClient("open.bin").getBlobUrl());
        assertThat(get(url).body()).isEqualTo(data);
    }

    // --- a taken key ------------------------------------------------------------------------------

    /**
     * The key is free while the blocks are staged and taken by another writer before the commit:
     * Azure decides at the commit (If-None-Match: *), so the other writer's blob stays.
     */
    @Test
    void aKeyTakenWhileBlocksAreStagedRefusesTheCommit() throws IOException {
        int blockSize = 1024 * 1024;
        AzureBlobService smallBlocks = new AzureBlobService("azure", container, false, blockSize);
        byte[] theirs = bytes(100, 34);
        InputStream racing = new FilterInputStream(new PatternStream(5L * blockSize, 35)) {
            private long read;

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                read += Math.max(n, 0);
                if (read > 3L * blockSize && read - n <= 3L * blockSize) {
                    container.getBlobClient("raced").upload(BinaryData.fromBytes(theirs), true);
                }
                return n;
            }
        };

        assertThatThrownBy(() -> smallBlocks.upload("raced", racing, UploadOptions.defaults()))
                .isInstanceOf(KeyExistsException.class)
                .hasMessageContaining("'azure'");
        try (InputStream in = service.download("raced")) {
            assertThat(in.readAllBytes()).isEqualTo(theirs);
        }
    }

    @Test
    void overwritingCommitsOverATakenKey() throws IOException {
        service.upload("replaced", new ByteArrayInputStream(bytes(100, 36)), UploadOptions.defaults());
        byte[] ours = bytes(200, 37);

        service.upload("replaced", new ByteArrayInputStream(ours), UploadOptions.defaults().overwriting());

        try (InputStream in = service.download("replaced")) {
            assertThat(in.readAllBytes()).isEqualTo(ours);
        }
    }

    // --- direct uploads -----------------------------------------------------------------------------

    @Test
    void directUploadGivesTheHeadersRailsSends() {
        byte[] data = bytes(100, 13);
        DirectUploadTarget target = service.directUpload("direct", new DirectUploadRequest(data.length, md5(data), "image/png",
                new ObjectMetadata(null, "photo.png", Disposition.INLINE, Map.of("kind", "avatar")), Duration.ofMinutes(5)));

        assertThat(target.headers()).isEqualTo(Map.of(
                "Content-Type", "image/png",
                "Content-MD5", md5(data).base64(),
                "x-ms-blob-type", "BlockBlob",
                "x-ms-blob-content-disposition", "inline; filename=\"photo.png\"; filename*=UTF-8''photo.png",
                "x-ms-meta-kind", "avatar"));
        assertThat(target.url().getRawQuery()).as("create only: no write permission").contains("sp=c&").contains("se=");
    }

    @Test
    void directUploadWithTheGivenHeadersStoresTypeDispositionAndMetadata() throws Exception {
        byte[] data = bytes(4096, 14);
        DirectUploadTarget target = service.directUpload("direct", new DirectUploadRequest(data.length, md5(data), "image/png",
                new ObjectMetadata(null, "photo.png", Disposition.ATTACHMENT, Map.of("kind", "avatar")), Duration.ofMinutes(5)));

        HttpResponse<byte[]> response = put(target, target.headers(), data);

        assertThat(response.statusCode()).as(body(response)).isEqualTo(201);
        BlobProperties properties = container.getBlobClient("direct").getProperties();
        assertThat(properties.getContentType()).isEqualTo("image/png");
        assertThat(properties.getContentDisposition()).isEqualTo("attachment; filename=\"photo.png\"; filename*=UTF-8''photo.png");
        assertThat(properties.getMetadata()).containsEntry("kind", "avatar");
        assertThat(properties.getContentMd5()).isEqualTo(md5(data).digest());
    }

    /**
     * Measured: Azurite refuses a Put Blob to a taken key under a create-only SAS with 403
     * AuthorizationPermissionMismatch, and allows it to a free key.
     */
    @Test
    void directUploadToATakenKeyIsRefusedByTheServer() throws Exception {
        byte[] previous = bytes(100, 30);
        service.upload("taken", new ByteArrayInputStream(previous), UploadOptions.defaults());
        byte[] data = bytes(4096, 31);
        DirectUploadTarget target = service.directUpload("taken", new DirectUploadRequest(data.length, md5(data),
                "application/octet-stream", ObjectMetadata.none(), Duration.ofMinutes(5)));

        HttpResponse<byte[]> response = put(target, target.headers(), data);

        assertThat(response.statusCode()).as(body(response)).isEqualTo(403);
        assertThat(body(response)).contains("AuthorizationPermissionMismatch");
        try (InputStream in = service.download("taken")) {
            assertThat(in.readAllBytes()).isEqualTo(previous);
        }
    }

    /** Measured: Azurite, like Azure, checks the body of a Put Blob against its Content-MD5 and refuses a mismatch with 400. */
    @Test
    void directUploadOfOtherBytesIsRefusedByTheServer() throws Exception {
        byte[] declared = bytes(4096, 15);
        DirectUploadTarget target = service.directUpload("direct", new DirectUploadRequest(declared.length, md5(declared),
                "application/octet-stream", ObjectMetadata.none(), Duration.ofMinutes(5)));

        HttpResponse<byte[]> response = put(target, target.headers(), bytes(4096, 16));

        assertThat(response.statusCode()).as(body(response)).isEqualTo(400);
        assertThat(body(response)).contains("contentMD5");
        assertThat(service.exists("direct")).isFalse();
    }

    @Test
    void directUploadWithAnotherMd5HeaderIsRefusedByTheServer() throws Exception {
        byte[] data = bytes(4096, 17);
        DirectUploadTarget target = service.directUpload("direct", new DirectUploadRequest(data.length, md5(data),
                "application/octet-stream", ObjectMetadata.none(), Duration.ofMinutes(5)));
        Map<String, String> headers = new HashMap<>(target.headers());
        headers.put("Content-MD5", md5(bytes(4096, 18)).base64());

        HttpResponse<byte[]> response = put(target, headers, data);

        assertThat(response.statusCode()).as(body(response)).isEqualTo(400);
        assertThat(service.exists("direct")).isFalse();
    }

    @Test
    void expiredDirectUploadUrlIsRefused() throws Exception {
        byte[] data = bytes(10, 19);
        DirectUploadTarget target = service.directUpload("late", new DirectUploadRequest(data.length, md5(data),
                "application/octet-stream", ObjectMetadata.none(), Duration.ofSeconds(1)));
        Thread.sleep(2500);

        assertThat(put(target, target.headers(), data).statusCode()).isEqualTo(403);
        assertThat(service.exists("late")).isFalse();
    }

    @Test
    void directUploadDeclaredBySha256IsRefusedBecauseAzureChecksOnlyMd5() {
        byte[] data = bytes(10, 20);
        Checksum sha = Checksum.of(ChecksumAlgorithm.SHA256, ChecksumAlgorithm.SHA256.newDigest().digest(data));

        assertThatThrownBy(() -> service.directUpload("sha", new DirectUploadRequest(data.length, sha, "text/plain",
                ObjectMetadata.none(), null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MD5");
    }

    // --- helpers ------------------------------------------------------------------------------------

    private HttpResponse<byte[]> get(URI url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> put(DirectUploadTarget target, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.url()).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static Checksum md5(byte[] data) {
        return Checksum.of(ChecksumAlgorithm.MD5, ChecksumAlgorithm.MD5.newDigest().digest(data));
    }

    private static Checksum md5Of(InputStream in) throws IOException {
        MessageDigest digest = ChecksumAlgorithm.MD5.newDigest();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
        }
        return Checksum.of(ChecksumAlgorithm.MD5, digest.digest());
    }
}

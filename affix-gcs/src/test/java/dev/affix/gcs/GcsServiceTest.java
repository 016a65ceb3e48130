package dev.affix.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.storage.Disposition;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ServiceCheck;
import dev.affix.storage.StorageException;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UrlOptions;
import dev.affix.testkit.PatternStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * What the GCS service does beyond the shared contract: the object metadata it records, how far an
 * abandoned upload got, compose chains of more than 32 sources, metadata replacement and the
 * service check. Runs against the same completed in-memory fake as {@link GcsServiceContractTest}.
 */
class GcsServiceTest {

    private static final String CACHE_CONTROL = "public, max-age=31536000";

    private final FakeGcs gcs = new FakeGcs();
    private final GcsService service = gcs.service(false, CACHE_CONTROL);

    @Test
    void uploadRecordsTypeDispositionCacheControlAndCustomPairs() {
        service.upload("docs/cv", new ByteArrayInputStream(bytes(100, 1)), UploadOptions.defaults()
                .withMetadata(new ObjectMetadata("application/pdf", "naïve \"résumé\".pdf", Disposition.ATTACHMENT,
                        Map.of("origin", "test"))));

        Blob blob = object("docs/cv");
        assertThat(blob.getContentType()).isEqualTo("application/pdf");
        assertThat(blob.getContentDisposition())
                .isEqualTo("attachment; filename=\"na_ve _r_sum__.pdf\"; filename*=UTF-8''na%C3%AFve%20%22r%C3%A9sum%C3%A9%22.pdf");
        assertThat(blob.getCacheControl()).isEqualTo(CACHE_CONTROL);
        assertThat(blob.getMetadata()).isEqualTo(Map.of("origin", "test"));
    }

    @Test
    void expectedMd5TravelsWithTheUploadSessionForGcsToVerify() {
        byte[] data = bytes(300, 2);
        Checksum md5 = digest(ChecksumAlgorithm.MD5, data);

        service.upload("verified", new ByteArrayInputStream(data), UploadOptions.verifying(md5));

        assertThat(object("verified").getMd5()).isEqualTo(md5.base64());
    }

    @Test
    void sha256IsVerifiedLocallyOnlyAndNotDeclaredAsMd5() {
        byte[] data = bytes(300, 3);

        StoredObject stored = service.upload("sha", new ByteArrayInputStream(data),
                UploadOptions.verifying(digest(ChecksumAlgorithm.SHA256, data)));

        assertThat(stored.checksum()).isEqualTo(digest(ChecksumAlgorithm.SHA256, data));
        assertThat(object("sha").getMd5()).isNull();
    }

    @Test
    void failureAfterWholeChunksWereSentLeavesThePreviousObjectInPlace() {
        byte[] previous = bytes(50, 4);
        service.upload("big", new ByteArrayInputStream(previous), UploadOptions.defaults());
        long sentBeforeFailure = GcsUploader.CHUNK_SIZE + 1024 * 1024;
        InputStream breaking = new SequenceInputStream(new PatternStream(sentBeforeFailure, 5), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset by the test");
            }
        });

        assertThatThrownBy(() -> service.upload("big", breaking, UploadOptions.defaults().overwriting()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("nothing was stored");

        assertThat(gcs.rpc.unfinalizedUploadBytes(FakeGcs.BUCKET, "big")).isEqualTo(GcsUploader.CHUNK_SIZE);
        assertThat(read(service.download("big"))).isEqualTo(previous);
    }

    @Test
    void aTakenKeyRefusesTheUploadSessionBeforeAnyByteIsSent() {
        byte[] previous = bytes(50, 20);
        service.upload("taken", new ByteArrayInputStream(previous), UploadOptions.defaults());

        assertThatThrownBy(() -> service.upload("taken", new PatternStream(GcsUploader.CHUNK_SIZE + 10, 21), UploadOptions.defaults()))
                .isInstanceOf(KeyExistsException.class)
                .hasMessageContaining("'google'");
        assertThat(gcs.rpc.unfinalizedUploadBytes(FakeGcs.BUCKET, "taken")).isZero();
        assertThat(read(service.download("taken"))).isEqualTo(previous);
    }

    /**
     * GCS checks ifGenerationMatch=0 again when the session is finalized: a key taken meanwhile
     * refuses it. The other writer takes the key with a compose, which the fake finalizes at once
     * without disturbing the upload session under way at the same key.
     */
    @Test
    void aKeyTakenWhileTheUploadIsUnderWayRefusesItsFinalization() {
        byte[] theirs = bytes(50, 22);
        service.upload("their-source", new ByteArrayInputStream(theirs), UploadOptions.defaults());
        long size = GcsUploader.CHUNK_SIZE + 1024 * 1024;
        InputStream racing = new SequenceInputStream(new PatternStream(GcsUploader.CHUNK_SIZE, 23), new SequenceInputStream(
                new InputStream() {
                    private boolean taken;

                    @Override
                    public int read() {
                        if (!taken) {
                            taken = true;
                            gcs.storage.compose(Storage.ComposeRequest.newBuilder().addSource("their-source")
                                    .setTarget(BlobInfo.newBuilder(FakeGcs.BUCKET, "raced").build()).build());
                        }
                        return -1;
                    }
                }, new PatternStream(size - GcsUploader.CHUNK_SIZE, 24)));

        assertThatThrownBy(() -> service.upload("raced", racing, UploadOptions.defaults()))
                .isInstanceOf(KeyExistsException.class);
        assertThat(read(service.download("raced"))).isEqualTo(theirs);
    }

    @Test
    void wrongLengthIsNoticedBeforeTheSessionIsFinalized() {
        assertThatThrownBy(() -> service.upload("short", new ByteArrayInputStream(bytes(10, 6)),
                UploadOptions.defaults().withByteSize(11)))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("10 bytes, not the 11 declared");
        assertThat(service.exists("short")).isFalse();
    }

    @Test
    void composeOfMoreThan32SourcesChainsRequestsOfAtMost32() {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            byte[] part = bytes(100 + i, 100 + i);
            service.upload("parts/" + i, new ByteArrayInputStream(part), UploadOptions.defaults());
            keys.add("parts/" + i);
            whole.writeBytes(part);
        }
        Checksum expected = digest(ChecksumAlgorithm.MD5, whole.toByteArray());

        StoredObject composed = service.compose(keys, "whole", UploadOptions.verifying(expected)
                .withByteSize(whole.size()).withMetadata(ObjectMetadata.none().withContentType("video/mp4")));

        assertThat(composed.checksum()).isEqualTo(expected);
        assertThat(read(service.download("whole"))).isEqualTo(whole.toByteArray());
        assertThat(gcs.rpc.composeSourceCounts()).containsExactly(32, 32, 8, 1);
        assertThat(object("whole").getContentType()).isEqualTo("video/mp4");
        assertThat(object("whole").getCacheControl()).isEqualTo(CACHE_CONTROL);
        assertThat(namesUnder(GcsComposer.SCRATCH_PREFIX)).isEmpty();
        assertThat(service.exists("parts/69")).isTrue();
    }

    @Test
    void composeWithWrongChecksumKeepsThePreviousDestinationAndNoScratch() {
        service.upload("a", new ByteArrayInputStream(bytes(10, 7)), UploadOptions.defaults());
        service.upload("b", new ByteArrayInputStream(bytes(10, 8)), UploadOptions.defaults());
        byte[] previous = bytes(5, 9);
        service.upload("joined", new ByteArrayInputStream(previous), UploadOptions.defaults());

        assertThatThrownBy(() -> service.compose(List.of("a", "b"), "joined",
                UploadOptions.verifying(digest(ChecksumAlgorithm.MD5, bytes(20, 10)))))
                .isInstanceOf(IntegrityException.class);

        assertThat(read(service.download("joined"))).isEqualTo(previous);
        assertThat(namesUnder(GcsComposer.SCRATCH_PREFIX)).isEmpty();
    }

    @Test
    void updateMetadataReplacesTypeDispositionAndCustomPairs() {
        byte[] data = bytes(40, 11);
        service.upload("meta", new ByteArrayInputStream(data), UploadOptions.defaults()
                .withMetadata(new ObjectMetadata("text/plain", "old.txt", Disposition.ATTACHMENT, Map.of("a", "1", "b", "2"))));

        service.updateMetadata("meta", new ObjectMetadata("image/png", "new.png", Disposition.INLINE, Map.of("b", "3", "c", "4")));

        Blob blob = object("meta");
        assertThat(blob.getContentType()).isEqualTo("image/png");
        assertThat(blob.getContentDisposition()).isEqualTo("inline; filename=\"new.png\"; filename*=UTF-8''new.png");
        assertThat(blob.getMetadata()).isEqualTo(Map.of("b", "3", "c", "4"));
        assertThat(read(service.download("meta"))).isEqualTo(data);
    }

    @Test
    void deletePrefixedDeletesMoreThanOneBatch() {
        for (int i = 0; i < GcsService.DELETE_BATCH_SIZE + 5; i++) {
            service.upload("many/" + i, new ByteArrayInputStream(bytes(1, i)), UploadOptions.defaults());
        }
        service.upload("manyother", new ByteArrayInputStream(bytes(1, 0)), UploadOptions.defaults());

        service.deletePrefixed("many/");

        assertThat(namesUnder("many")).containsExactly("manyother");
    }

    @Test
    void checkPassesWhenTheBucketIsUsableAndUrlsCanBeSigned() {
        ServiceCheck check = service.check();

        assertThat(check.ok()).as(check.detail()).isTrue();
        assertThat(check.type()).isEqualTo("GCS");
        assertThat(namesUnder("affix-check/")).isEmpty();
    }

    @Test
    void credentialsThatCannotSignFailTheCheckAndUrlsClearly() {
        Storage unsigned = gcs.rpc.storageOptions().setCredentials(NoCredentials.getInstance()).build().getService();
        GcsService withoutSigner = new GcsService("google", unsigned, FakeGcs.BUCKET, false, null);

        ServiceCheck check = withoutSigner.check();

        assertThat(check.ok()).isFalse();
        assertThat(check.detail()).contains("GCS service 'google' cannot sign URLs", "service-account key file");
        assertThatThrownBy(() -> withoutSigner.url("k", UrlOptions.expiringIn(Duration.ofMinutes(1))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot sign URLs");
        assertThat(gcs.service(true, null).check().ok()).isTrue();
    }

    private Blob object(String key) {
        return gcs.storage.get(BlobId.of(FakeGcs.BUCKET, key));
    }

    private List<String> namesUnder(String prefix) {
        return StreamSupport.stream(gcs.storage.list(FakeGcs.BUCKET, Storage.BlobListOption.prefix(prefix))
                .iterateAll().spliterator(), false).map(Blob::getName).toList();
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static Checksum digest(ChecksumAlgorithm algorithm, byte[] data) {
        return Checksum.of(algorithm, algorithm.newDigest().digest(data));
    }

    private static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.affix.s3;

import static dev.affix.s3.TestData.bytes;
import static dev.affix.s3.TestData.checksumOf;
import static dev.affix.s3.TestData.md5;
import static dev.affix.s3.TestData.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.storage.Disposition;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import dev.affix.testkit.PatternStream;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** Compose inside S3, metadata replacement, and prefix deletion across listing pages, against s3proxy. */
class S3ComposeAndMetadataTest {

    private static final long FIVE_MIB = 5 * 1024 * 1024;

    private static S3ProxyServer server;
    private static S3Service service;
    private String prefix;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start();
        service = server.service("amazon", Map.of());
    }

    @AfterAll
    static void stopServer() {
        service.close();
        server.close();
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "compose/" + StorageKeys.random() + "/";
    }

    @Test
    void sourcesOfAtLeastFiveMebibytesAreJoinedInsideS3() {
        service.upload(prefix + "1", new PatternStream(FIVE_MIB, 1), UploadOptions.defaults());
        service.upload(prefix + "2", new PatternStream(FIVE_MIB + 7, 2), UploadOptions.defaults());
        service.upload(prefix + "3", new ByteArrayInputStream(bytes(1000, 3)), UploadOptions.defaults());
        Checksum whole = checksumOf(new SequenceInputStream(Collections.enumeration(List.of(
                new PatternStream(FIVE_MIB, 1), new PatternStream(FIVE_MIB + 7, 2), new ByteArrayInputStream(bytes(1000, 3))))),
                ChecksumAlgorithm.MD5);

        StoredObject composed = service.compose(List.of(prefix + "1", prefix + "2", prefix + "3"), prefix + "whole",
                UploadOptions.verifying(whole).withMetadata(ObjectMetadata.none().withContentType("video/mp4")));

        assertThat(composed).isEqualTo(new StoredObject(prefix + "whole", 2 * FIVE_MIB + 7 + 1000, whole));
        HeadObjectResponse head = head(prefix + "whole");
        assertThat(head.eTag()).as("joined by a three-part multipart copy").endsWith("-3\"");
        assertThat(head.contentType()).isEqualTo("video/mp4");
        assertThat(checksumOf(service.download(prefix + "whole"), ChecksumAlgorithm.MD5)).isEqualTo(whole);
        assertThat(server.multipartUploads()).isEmpty();
    }

    @Test
    void aJoinWithTheWrongExpectedChecksumWritesNothing() {
        service.upload(prefix + "1", new PatternStream(FIVE_MIB, 4), UploadOptions.defaults());
        service.upload(prefix + "2", new ByteArrayInputStream(bytes(10, 5)), UploadOptions.defaults());

        assertThatThrownBy(() -> service.compose(List.of(prefix + "1", prefix + "2"), prefix + "whole",
                UploadOptions.verifying(md5(bytes(10, 6))))).isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> service.compose(List.of(prefix + "1", prefix + "2"), prefix + "whole",
                UploadOptions.defaults().withByteSize(FIVE_MIB))).isInstanceOf(IntegrityException.class);
        assertThat(service.exists(prefix + "whole")).isFalse();
        assertThat(server.multipartUploads()).isEmpty();
    }

    @Test
    void aJoinIntoATakenKeyIsRefusedByS3AndAborted() {
        service.upload(prefix + "1", new PatternStream(FIVE_MIB, 9), UploadOptions.defaults());
        service.upload(prefix + "2", new ByteArrayInputStream(bytes(10, 10)), UploadOptions.defaults());
        byte[] existing = bytes(20, 11);
        service.upload(prefix + "whole", new ByteArrayInputStream(existing), UploadOptions.defaults());

        assertThatThrownBy(() -> service.compose(List.of(prefix + "1", prefix + "2"), prefix + "whole", UploadOptions.defaults()))
                .isInstanceOf(KeyExistsException.class)
                .hasMessageContaining(prefix + "whole");
        assertThat(readAll(service.download(prefix + "whole"))).isEqualTo(existing);
        assertThat(server.multipartUploads()).isEmpty();

        service.compose(List.of(prefix + "1", prefix + "2"), prefix + "whole", UploadOptions.defaults().overwriting());
        assertThat(head(prefix + "whole").eTag()).as("joined inside S3").endsWith("-2\"");
    }

    @Test
    void smallSourcesAreStreamedThroughTheApplicationInstead() {
        byte[] one = bytes(100, 7);
        byte[] two = bytes(200, 8);
        service.upload(prefix + "1", new ByteArrayInputStream(one), UploadOptions.defaults());
        service.upload(prefix + "2", new ByteArrayInputStream(two), UploadOptions.defaults());

        service.compose(List.of(prefix + "1", prefix + "2"), prefix + "whole", UploadOptions.defaults());

        assertThat(head(prefix + "whole").eTag()).as("one PutObject").doesNotContain("-");
        byte[] whole = new byte[300];
        System.arraycopy(one, 0, whole, 0, 100);
        System.arraycopy(two, 0, whole, 100, 200);
        assertThat(readAll(service.download(prefix + "whole"))).isEqualTo(whole);
    }

    @Test
    void metadataIsReplacedAndTheBytesStay() {
        byte[] data = bytes(50, 9);
        service.upload(prefix + "meta", new ByteArrayInputStream(data), UploadOptions.defaults().withMetadata(
                new ObjectMetadata("text/plain", "old.txt", Disposition.ATTACHMENT, Map.of("old", "1"))));

        service.updateMetadata(prefix + "meta", new ObjectMetadata("image/png", "new.png", Disposition.INLINE, Map.of("new", "2")));

        HeadObjectResponse head = head(prefix + "meta");
        assertThat(head.contentType()).isEqualTo("image/png");
        assertThat(head.contentDisposition()).isEqualTo("inline; filename=\"new.png\"; filename*=UTF-8''new.png");
        assertThat(head.metadata()).isEqualTo(Map.of("new", "2"));
        assertThat(readAll(service.download(prefix + "meta"))).isEqualTo(data);
    }

    @Test
    void metadataOfAMissingObjectIsNotFound() {
        assertThatThrownBy(() -> service.updateMetadata(prefix + "missing", ObjectMetadata.none()))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining(prefix + "missing");
    }

    @Test
    void deletePrefixedWorksThroughMoreThanOneListingPageAndDeleteBatch() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1003; i++) {
            keys.add(prefix + "many/" + i);
        }
        keys.forEach(key -> server.client().putObject(put -> put.bucket(S3ProxyServer.BUCKET).key(key), RequestBody.empty()));
        service.upload(prefix + "manx", new ByteArrayInputStream(bytes(1, 10)), UploadOptions.defaults());

        service.deletePrefixed(prefix + "many/");

        assertThat(server.client().listObjectsV2(list -> list.bucket(S3ProxyServer.BUCKET).prefix(prefix)).contents())
                .extracting(object -> object.key()).containsExactly(prefix + "manx");
    }

    private static HeadObjectResponse head(String key) {
        return server.client().headObject(head -> head.bucket(S3ProxyServer.BUCKET).key(key));
    }
}

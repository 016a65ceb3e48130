package dev.affix.s3;

import static dev.affix.s3.TestData.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.storage.ServiceCheck;
import dev.affix.storage.StorageException;
import dev.affix.storage.UploadOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Misconfigured services against s3proxy: the service check and an upload must both say which
 * setting is wrong.
 */
class S3CheckTest {

    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aWorkingServicePassesNamingItsBucket() {
        try (S3Service service = server.service("amazon", Map.of())) {
            ServiceCheck check = service.check();

            assertThat(check.ok()).as(check.detail()).isTrue();
            assertThat(check.serviceName()).isEqualTo("amazon");
            assertThat(check.type()).isEqualTo("S3");
            assertThat(check.detail()).contains("bucket 'affix-test'", "stored and deleted a probe object");
            assertThat(server.client().listObjectsV2(list -> list.bucket(S3ProxyServer.BUCKET).prefix("affix-check/")).contents())
                    .isEmpty();
        }
    }

    @Test
    void anUnknownAccessKeyIsNamed() {
        expectFailure(Map.of("access_key_id", "AKIAWRONG"),
                "the access key id 'AKIAWRONG' is not known at " + server.endpoint(), "InvalidAccessKeyId", "check access_key_id");
    }

    @Test
    void aWrongSecretIsNamed() {
        expectFailure(Map.of("secret_access_key", "not-the-secret"),
                "the secret access key does not belong to access key id '" + S3ProxyServer.ACCESS_KEY + "'",
                "SignatureDoesNotMatch", "check secret_access_key");
    }

    @Test
    void aMissingBucketIsNamed() {
        expectFailure(Map.of("bucket", "no-such-bucket"),
                "bucket 'no-such-bucket' does not exist at " + server.endpoint(), "NoSuchBucket");
    }

    @Test
    void anUnreachableEndpointIsNamed() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }
        expectFailure(Map.of("endpoint", closed), "the endpoint " + closed + " is unreachable");
    }

    /** Both the check and an upload fail, and both messages carry every expected fragment. */
    private static void expectFailure(Map<String, ?> overrides, String... fragments) {
        try (S3Service service = server.service("broken", overrides)) {
            ServiceCheck check = service.check();
            assertThat(check.ok()).isFalse();
            assertThat(check.detail()).contains(fragments);

            assertThatThrownBy(() -> service.upload("any/key", new ByteArrayInputStream(bytes(10, 1)), UploadOptions.defaults()))
                    .isInstanceOf(StorageException.class)
                    .hasMessageStartingWith("S3 service 'broken': upload to key 'any/key' failed: ")
                    .hasMessageContainingAll(fragments);
        }
    }
}

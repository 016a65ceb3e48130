package dev.affix.s3;

import static dev.affix.s3.TestData.bytes;
import static dev.affix.s3.TestData.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.storage.StorageException;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.UploadOptions;
import java.io.ByteArrayInputStream;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Transient failures between the service and s3proxy are retried, a bounded number of times. */
class S3RetryTest {

    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(FlakyProxy.Failure.class)
    void twoTransientFailuresAreRetriedAway(FlakyProxy.Failure failure) throws Exception {
        byte[] data = bytes(1000, 1);
        String key = "retry/" + StorageKeys.random();
        try (FlakyProxy proxy = new FlakyProxy(server.endpoint(), 2, failure);
             S3Service service = server.service("flaky", Map.of("endpoint", proxy.endpoint().toString()))) {

            service.upload(key, new ByteArrayInputStream(data), UploadOptions.defaults());

            assertThat(proxy.connections()).isEqualTo(3);
        }
        assertThat(readAll(server.client().getObject(get -> get.bucket(S3ProxyServer.BUCKET).key(key)))).isEqualTo(data);
    }

    @Test
    void persistentFailuresGiveUpAfterTheConfiguredAttempts() throws Exception {
        try (FlakyProxy proxy = new FlakyProxy(server.endpoint(), Integer.MAX_VALUE, FlakyProxy.Failure.INTERNAL_ERROR);
             S3Service service = server.service("down", Map.of("endpoint", proxy.endpoint().toString()))) {

            assertThatThrownBy(() -> service.upload("retry/never", new ByteArrayInputStream(bytes(10, 2)), UploadOptions.defaults()))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("InternalError");
            assertThat(proxy.connections()).isEqualTo(S3Clients.MAX_ATTEMPTS);
        }
    }
}

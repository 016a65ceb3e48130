package dev.affix.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transient failures are retried, a bounded number of times. The peer here is a server on 127.0.0.1
 * that is always busy, as Azure is when it answers 503 ServerBusy: Azurite cannot be made to fail.
 */
class AzureRetryTest {

    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer busy;

    @BeforeEach
    void startBusyServer() throws IOException {
        busy = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        busy.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("x-ms-error-code", "ServerBusy");
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        busy.start();
    }

    @AfterEach
    void stopBusyServer() {
        busy.stop(0);
    }

    @Test
    void busyServerIsTriedFourTimesThenReported() {
        StorageService service = AzureTestServices.fromSettings(Map.of("storage_account_name", Azurite.ACCOUNT,
                "storage_access_key", Azurite.KEY, "container", "files",
                "endpoint", "http://127.0.0.1:" + busy.getAddress().getPort() + "/" + Azurite.ACCOUNT));
        Instant start = Instant.now();

        assertThatThrownBy(() -> service.exists("key"))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Azure service 'azure' could not look up key 'key'")
                .hasMessageContaining("503");

        assertThat(requests).hasValue(4);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
    }
}

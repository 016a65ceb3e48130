package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.json.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST {prefix}/direct_uploads} with a rate limit of 3 uploads and 1000 bytes a minute per client.
 * The client is named by {@code X-Test-Client} here (an application's own {@link ClientKey}), by the
 * remote address when that header is absent; time passes on the fixture's clock, never by sleeping.
 */
class DirectUploadRateLimitTest {

    @TempDir
    static Path dir;
    static HttpFixture http;

    @BeforeAll
    static void start() {
        EndpointOptions options = EndpointOptions.builder().directUploadRateLimit(new DirectUploadRateLimit(3, 1000, Duration.ofMinutes(1))).build();
        ClientKey byHeader = request -> request.getHeader("X-Test-Client") != null ? request.getHeader("X-Test-Client") : request.getRemoteAddr();
        http = HttpFixture.start(dir, HttpFixture.Setup.defaults().options(options).clients(byHeader));
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void aClientOverItsCountWaitsAndCreatesNothingMeanwhile() {
        for (int i = 0; i < 3; i++) {
            assertThat(post("counted", 10).statusCode()).isEqualTo(200);
        }
        int blobs = http.blobs().size();

        HttpResponse<byte[]> refused = post("counted", 10);

        assertThat(refused.statusCode()).isEqualTo(429);
        // one upload's worth of budget comes back every 20 seconds
        assertThat(refused.headers().firstValue("retry-after")).hasValue("20");
        assertThat(refused.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(refused.headers().firstValue("content-type")).hasValue("application/json;charset=UTF-8");
        assertThat(Json.readObject(new String(refused.body(), StandardCharsets.UTF_8)).get("error").toString())
                .contains("too many direct uploads", "20 s");
        assertThat(http.blobs()).hasSize(blobs);
        assertThat(post("another client", 10).statusCode()).isEqualTo(200);

        http.clock.advance(Duration.ofSeconds(19));
        assertThat(post("counted", 10).statusCode()).isEqualTo(429);
        http.clock.advance(Duration.ofSeconds(1));
        assertThat(post("counted", 10).statusCode()).isEqualTo(200);
        assertThat(post("counted", 10).statusCode()).isEqualTo(429);
    }

    @Test
    void declaredBytesAreBudgetedToo() {
        assertThat(post("bytes", 600).statusCode()).isEqualTo(200);

        HttpResponse<byte[]> refused = post("bytes", 600);

        assertThat(refused.statusCode()).isEqualTo(429);
        // 200 bytes short at 1000 a minute: 12 seconds
        assertThat(refused.headers().firstValue("retry-after")).hasValue("12");
        http.clock.advance(Duration.ofSeconds(12));
        assertThat(post("bytes", 600).statusCode()).isEqualTo(200);
    }

    @Test
    void anUploadLargerThanTheWholeBudgetWaitsForAFullBudgetAndIsPaidBackAfter() {
        assertThat(post("large", 2500).statusCode()).isEqualTo(200);

        HttpResponse<byte[]> next = post("large", 1);

        // 1500 bytes of debt and one more byte: 1501 bytes at 1000 a minute
        assertThat(next.statusCode()).isEqualTo(429);
        assertThat(next.headers().firstValue("retry-after")).hasValue("91");
        http.clock.advance(Duration.ofSeconds(91));
        assertThat(post("large", 1).statusCode()).isEqualTo(200);
    }

    @Test
    void refusedDeclarationsSpendNothing() {
        for (int i = 0; i < 5; i++) {
            assertThat(post("careless", -1).statusCode()).isEqualTo(422);
        }

        assertThat(post("careless", 10).statusCode()).isEqualTo(200);
    }

    @Test
    void byDefaultClientsAreTheirRemoteAddress() {
        for (int i = 0; i < 3; i++) {
            assertThat(post(null, 1).statusCode()).isEqualTo(200);
        }

        assertThat(post(null, 1).statusCode()).isEqualTo(429);
        // 127.0.0.1 is the key: the same budget, named explicitly
        assertThat(post("127.0.0.1", 1).statusCode()).isEqualTo(429);
    }

    /** A declaration of {@code byteSize} bytes (negative: an invalid one), from {@code client} (null: no header). */
    private static HttpResponse<byte[]> post(String client, long byteSize) {
        Map<String, Object> blob = Map.of("filename", "f.bin", "content_type", "application/octet-stream", "byte_size", byteSize,
                "checksum", "1B2M2Y8AsgTpgAmY7PhCfg==");
        HttpRequest.Builder request = http.request(HttpFixture.PREFIX + "/direct_uploads").header("Content-Type", "application/json");
        if (client != null) {
            request.header("X-Test-Client", client);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("blob", blob)))).build());
    }
}

package dev.affix.spring;

import dev.affix.testing.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.Affix;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.blob.SignedIds;
import dev.affix.http.BlobUrls;
import dev.affix.http.ServingAuthorizer;
import dev.affix.spring.app.TestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * In a servlet web application the starter mounts the endpoints under http.prefix, with the http: options
 * and the application's hooks (here a ServingAuthorizer that refuses requests marked X-Test-Deny).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"affix.http.prefix=/files", "affix.http.direct_uploads.max_byte_size=1KiB", "affix.http.urls_expire_in=1h",
            "affix.http.direct_uploads.rate_limit.requests=2", "affix.http.direct_uploads.rate_limit.per=1m"})
@Import(AffixWebAutoConfigurationTest.Hooks.class)
class AffixWebAutoConfigurationTest {

    @TestConfiguration
    static class Hooks {
        @Bean
        ServingAuthorizer refusingMarkedRequests() {
            return (request, blob) -> request.getHeader("X-Test-Deny") == null;
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(TestDatabase.H2, registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    Affix affix;
    @Autowired
    BlobUrls urls;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesBlobsUnderTheConfiguredPrefix() throws Exception {
        Blob blob = affix.one(RecordRef.of("Post", 1), "cover").attach("served by spring".getBytes(StandardCharsets.UTF_8), "s.txt").blob();
        String path = urls.proxyPath(blob);

        HttpResponse<String> ok = get(path);
        HttpResponse<String> forged = get(path.replace("/s.txt", "").replaceAll(".{2}$", "xx") + "/s.txt");

        assertThat(path).startsWith("/files/blobs/proxy/");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("served by spring");
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(get(path.replace("/files/", "/affix/")).statusCode()).isEqualTo(404);
    }

    @Test
    void directUploadLimitsComeFromTheHttpSection() throws Exception {
        String body = "{\"blob\":{\"filename\":\"big.bin\",\"content_type\":\"application/octet-stream\",\"byte_size\":2048,"
                + "\"checksum\":\"1B2M2Y8AsgTpgAmY7PhCfg==\"}}";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/files/direct_uploads"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(413);
    }

    @Test
    void theApplicationsServingAuthorizerIsAsked() throws Exception {
        Blob blob = affix.one(RecordRef.of("Post", 2), "cover").attach("private".getBytes(StandardCharsets.UTF_8), "p.txt").blob();
        String path = urls.proxyPath(blob);

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("X-Test-Deny", "yes")
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> allowed = get(path);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("content-security-policy")).hasValue("default-src 'none'; sandbox");
        // an answer that the authoriser decided is for the browser's cache only, and for no longer than the URL's hour
        assertThat(allowed.headers().firstValue("cache-control")).hasValueSatisfying(value -> assertThat(value)
                .matches("private, max-age=(35\\d\\d|3600), immutable"));
    }

    @Test
    void blobUrlsExpireAsConfigured() throws Exception {
        Blob blob = affix.one(RecordRef.of("Post", 3), "cover").attach("expiring".getBytes(StandardCharsets.UTF_8), "e.txt").blob();
        String signedId = urls.proxyPath(blob).split("/")[4];

        assertThat(new SignedIds(affix.signer()).read(signedId, SignedIds.SERVE)).get().satisfies(id -> assertThat(id.expiresAt()).hasValueSatisfying(
                expiry -> assertThat(expiry).isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)))));
    }

    @Test
    void directUploadsAreRateLimitedAsConfigured() throws Exception {
        String body = "{\"blob\":{\"filename\":\"small.bin\",\"content_type\":\"application/octet-stream\",\"byte_size\":0,"
                + "\"checksum\":\"1B2M2Y8AsgTpgAmY7PhCfg==\"}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/files/direct_uploads"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();

        int first = http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        int second = http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        HttpResponse<String> third = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(first).isEqualTo(200);
        assertThat(second).isEqualTo(200);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("retry-after")).hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 30L));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

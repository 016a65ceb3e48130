package dev.affix.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.Affix;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.http.BlobUrls;
import dev.affix.spring.app.TestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** In a servlet web application the starter mounts the endpoints under http.prefix, with the http: options. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"affix.http.prefix=/files", "affix.http.direct_uploads.max_byte_size=1KiB"})
class AffixWebAutoConfigurationTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.H2.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    Affix affix;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesBlobsUnderTheConfiguredPrefix() throws Exception {
        Blob blob = affix.one(RecordRef.of("Post", 1), "cover").attach("served by spring".getBytes(StandardCharsets.UTF_8), "s.txt").blob();
        String path = new BlobUrls(affix).proxyPath(blob);

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

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

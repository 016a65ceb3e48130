package dev.affix.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UrlOptions;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A URL that S3 serves itself, without Affix's serving rules in between (a presigned GET made by
 * {@code bin/affix url}, a public bucket), must never show HTML or SVG in place: the object is stored
 * as an attachment.
 */
class ActiveContentTest {

    private static final byte[] HTML = "<html><script>alert(document.domain)</script></html>".getBytes(StandardCharsets.UTF_8);

    private S3ProxyServer s3;

    @BeforeEach
    void start() {
        s3 = S3ProxyServer.start();
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    @Test
    void htmlIsStoredAndServedAsAnAttachment() throws Exception {
        try (S3Service service = s3.service("amazon", Map.of())) {
            service.upload("page", new ByteArrayInputStream(HTML),
                    UploadOptions.defaults().withMetadata(ObjectMetadata.none().withContentType("text/html")));

            assertThat(s3.client().headObject(head -> head.bucket(S3ProxyServer.BUCKET).key("page")).contentDisposition())
                    .startsWith("attachment");
            HttpResponse<String> served = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(service.url("page", UrlOptions.expiringIn(Duration.ofMinutes(1)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).startsWith("attachment"));
        }
    }
}

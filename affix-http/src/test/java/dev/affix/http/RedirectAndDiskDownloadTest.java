package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.blob.Blob;
import dev.affix.blob.NewBlob;
import dev.affix.storage.Disposition;
import dev.affix.storage.UrlOptions;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET {prefix}/blobs/redirect/...} and the Disk URL it leads to, with a redirect expiry of two minutes. */
class RedirectAndDiskDownloadTest {

    @TempDir
    static Path dir;
    static HttpFixture http;

    @BeforeAll
    static void start() {
        http = HttpFixture.start(dir, EndpointOptions.builder().redirectExpiry(Duration.ofMinutes(2)).build(), DirectUploadAuthorizer.ALLOW_ALL);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void redirectsToAShortLivedDiskUrlCachedForAsLong() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");

        HttpResponse<byte[]> redirect = http.get(http.redirectPath(blob));

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("cache-control")).hasValue("private, max-age=120");
        assertThat(redirect.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(redirect.body()).isEmpty();
        URI location = URI.create(redirect.headers().firstValue("location").orElseThrow());
        assertThat(location.toString()).startsWith(http.base + HttpFixture.PREFIX + "/disk/").endsWith("/pixel.png");

        HttpResponse<byte[]> download = http.get(location);

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(HttpFixture.PNG);
        assertThat(download.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(download.headers().firstValue("content-length")).hasValue(String.valueOf(HttpFixture.PNG.length));
        assertThat(download.headers().firstValue("content-disposition")).hasValue("inline; filename=\"pixel.png\"; filename*=UTF-8''pixel.png");
        assertThat(download.headers().firstValue("accept-ranges")).hasValue("bytes");
        assertThat(download.headers().firstValue("etag")).hasValueSatisfying(etag -> assertThat(etag).matches("\"[A-Za-z0-9_-]{43}\""));
        assertThat(download.headers().firstValue("cache-control")).hasValue("private, max-age=31536000, immutable");
        assertThat(download.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    }

    @Test
    void theDiskUrlExpiresWithTheRedirect() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");
        URI location = URI.create(http.get(http.redirectPath(blob)).headers().firstValue("location").orElseThrow());

        http.clock.advance(Duration.ofSeconds(119));
        assertThat(http.get(location).statusCode()).isEqualTo(200);
        http.clock.advance(Duration.ofSeconds(2));
        assertThat(http.get(location).statusCode()).isEqualTo(404);
    }

    @Test
    void honoursTheAskedDispositionWhereAllowed() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");

        HttpResponse<byte[]> download = http.get(location(http.redirectPath(blob) + "?disposition=attachment"));

        assertThat(download.headers().firstValue("content-disposition")).hasValue("attachment; filename=\"pixel.png\"; filename*=UTF-8''pixel.png");
    }

    @Test
    void htmlAndSvgAskedForInlineLeadToBinaryAttachments() {
        Blob html = http.store("<!DOCTYPE html><html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8), "page.html");
        Blob svg = http.store("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8),
                "image.svg");

        for (Blob blob : new Blob[] {html, svg}) {
            HttpResponse<byte[]> download = http.get(location(http.redirectPath(blob) + "?disposition=inline"));

            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.headers().firstValue("content-type")).hasValue("application/octet-stream");
            assertThat(download.headers().firstValue("content-disposition")).hasValueSatisfying(value -> assertThat(value).startsWith("attachment;"));
        }
    }

    @Test
    void aDiskUrlMintedForAnActiveTypeInlineIsStillServedAsABinaryAttachment() {
        Blob blob = http.store("<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8), "page.html");
        URI url = http.disk.url(blob.key(), UrlOptions.expiringIn(Duration.ofMinutes(1)).withFilename("page.html").withContentType("text/html")
                .withDisposition(Disposition.INLINE));

        HttpResponse<byte[]> download = http.get(url);

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(download.headers().firstValue("content-disposition")).hasValueSatisfying(value -> assertThat(value).startsWith("attachment;"));
    }

    @Test
    void aDiskUrlWithoutTypeOrFilenameServesBinaryNamedAfterTheKey() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");

        HttpResponse<byte[]> download = http.get(http.disk.url(blob.key(), UrlOptions.expiringIn(Duration.ofMinutes(1))));

        assertThat(download.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(download.headers().firstValue("content-disposition")).hasValue("attachment; filename=\"" + blob.key() + "\"; filename*=UTF-8''"
                + blob.key());
    }

    @Test
    void aPublicDiskServiceIsCachedByEveryone() {
        Blob blob = http.affix.blobs().create(new ByteArrayInputStream(HttpFixture.PNG), NewBlob.named("pixel.png").inService("public"));

        HttpResponse<byte[]> download = http.get(location(http.redirectPath(blob)));

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
    }

    @Test
    void theDiskEndpointAnswersConditionalRequestsAndStripsCookies() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");
        URI location = location(http.redirectPath(blob));
        String etag = http.get(location).headers().firstValue("etag").orElseThrow();

        HttpResponse<byte[]> notModified = http.get(location, "If-None-Match", etag);
        HttpResponse<byte[]> withCookie = http.get(location, CookieTestFilter.HEADER, "before");
        HttpResponse<byte[]> head = http.send(http.request(location.getRawPath()).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build());

        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(withCookie.statusCode()).isEqualTo(200);
        assertThat(withCookie.headers().map()).doesNotContainKey("set-cookie");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("content-length")).hasValue(String.valueOf(HttpFixture.PNG.length));
        assertThat(head.body()).isEmpty();
    }

    @Test
    void aDiskUrlWhoseObjectIsGoneGetsThePlain404() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");
        URI location = location(http.redirectPath(blob));
        http.disk.delete(blob.key());

        HttpResponse<byte[]> download = http.get(location);
        HttpResponse<byte[]> forged = http.get(HttpFixture.PREFIX + "/disk/forged.token/pixel.png");

        assertThat(download.statusCode()).isEqualTo(404);
        assertThat(download.body()).isEmpty();
        assertThat(HttpFixture.headersWithoutDate(download)).isEqualTo(HttpFixture.headersWithoutDate(forged));
    }

    private static URI location(String redirectPath) {
        HttpResponse<byte[]> redirect = http.get(redirectPath);
        assertThat(redirect.statusCode()).isEqualTo(302);
        return URI.create(redirect.headers().firstValue("location").orElseThrow());
    }
}

package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.blob.Blob;
import dev.affix.blob.SignedIds;
import dev.affix.blob.NewBlob;
import dev.affix.storage.ContentDisposition;
import dev.affix.storage.Disposition;
import dev.affix.testkit.PatternStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET {prefix}/blobs/proxy/...}: headers, serving rules, conditional requests, cookies, and streaming. */
class BlobProxyTest {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    @TempDir
    static Path dir;
    static HttpFixture http;

    @BeforeAll
    static void start() {
        http = HttpFixture.start(dir);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void servesTheBytesWithValidatorsAndImmutablePublicCaching() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");

        HttpResponse<byte[]> response = http.get(http.proxyPath(blob));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(HttpFixture.PNG);
        assertThat(response.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(response.headers().firstValue("content-length")).hasValue(String.valueOf(HttpFixture.PNG.length));
        assertThat(response.headers().firstValue("etag")).hasValue("\"" + blob.checksum() + "\"");
        assertThat(response.headers().firstValue("last-modified")).hasValue(httpDate(blob.createdAt()));
        assertThat(response.headers().firstValue("accept-ranges")).hasValue("bytes");
        assertThat(response.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
        assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("content-disposition"))
                .hasValue("inline; filename=\"pixel.png\"; filename*=UTF-8''pixel.png");
        assertThat(response.headers().map()).doesNotContainKey("set-cookie");
    }

    @Test
    void anAllowedTypeIsAnAttachmentWhenAskedFor() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");

        HttpResponse<byte[]> response = http.get(http.proxyPath(blob) + "?disposition=attachment");

        assertThat(response.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(response.headers().firstValue("content-disposition")).hasValueSatisfying(value -> assertThat(value).startsWith("attachment;"));
    }

    @Test
    void htmlAndSvgAskedForInlineComeBackAsBinaryAttachments() {
        Blob html = http.store("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8), "page.html");
        Blob svg = http.store("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8),
                "image.svg");
        assertThat(html.contentType()).isEqualTo("text/html");
        assertThat(svg.contentType()).isEqualTo("image/svg+xml");

        for (Blob blob : new Blob[] {html, svg}) {
            HttpResponse<byte[]> response = http.get(http.proxyPath(blob) + "?disposition=inline");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/octet-stream");
            assertThat(response.headers().firstValue("content-disposition")).hasValueSatisfying(value -> assertThat(value).startsWith("attachment;"));
            assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html; charset=utf-8", "TEXT/HTML", "application/xhtml+xml", "text/xml", "application/xml",
        "application/rss+xml", "text/javascript", "application/javascript", "application/x-shockwave-flash", "application/postscript",
        "application/mathml+xml", "text/cache-manifest", "text/html\r\nX-Injected: yes", "not a type"})
    void declaredActiveOrMalformedTypesAreServedAsBinaryAttachments(String declared) {
        Blob blob = http.storeAs("<html></html>".getBytes(StandardCharsets.UTF_8), "page", declared);

        HttpResponse<byte[]> response = http.get(http.proxyPath(blob) + "?disposition=inline");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(response.headers().firstValue("content-disposition")).hasValueSatisfying(value -> assertThat(value).startsWith("attachment;"));
        assertThat(response.headers().map()).doesNotContainKey("x-injected");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/zip", "video/mp4"})
    void typesOffTheInlineListKeepTheirTypeButAreAttachments(String declared) {
        Blob blob = http.storeAs("bytes".getBytes(StandardCharsets.UTF_8), "file", declared);

        HttpResponse<byte[]> response = http.get(http.proxyPath(blob) + "?disposition=inline");

        assertThat(response.headers().firstValue("content-type")).hasValue(declared);
        assertThat(response.headers().firstValue("content-disposition")).hasValueSatisfying(value -> assertThat(value).startsWith("attachment;"));
    }

    @Test
    void storedFilenamesCannotInjectHeadersAndKeepTheirUnicodeName() {
        Blob evil = http.store(HttpFixture.PNG, "a\"b\r\nX-Injected: yes.png");
        Blob unicode = http.store(HttpFixture.PNG, "résumé €.png");

        HttpResponse<byte[]> evilResponse = http.get(http.proxyPath(evil));
        HttpResponse<byte[]> unicodeResponse = http.get(http.proxyPath(unicode));

        assertThat(evilResponse.statusCode()).isEqualTo(200);
        assertThat(evilResponse.headers().map()).doesNotContainKey("x-injected");
        assertThat(evilResponse.headers().firstValue("content-disposition"))
                .hasValue(ContentDisposition.format(Disposition.INLINE, evil.filename()))
                .hasValueSatisfying(value -> assertThat(value).doesNotContain("\r", "\n", "b\""));
        assertThat(unicodeResponse.headers().firstValue("content-disposition"))
                .hasValue("inline; filename=\"r_sum_ _.png\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%E2%82%AC.png");
    }

    @ParameterizedTest
    @ValueSource(strings = {"other.png", "%22%3B%20filename%3Devil.html", "a%0D%0AX-Injected:%20yes", "deep/er/name.png"})
    void theFilenameInThePathIsIgnored(String segment) {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");
        String path = HttpFixture.PREFIX + "/blobs/proxy/" + http.affix.blobs().signedId(blob, SignedIds.SERVE, null) + "/" + segment;

        HttpResponse<byte[]> response = http.get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(HttpFixture.PNG);
        assertThat(response.headers().map()).doesNotContainKey("x-injected");
        assertThat(response.headers().firstValue("content-disposition"))
                .hasValue("inline; filename=\"pixel.png\"; filename*=UTF-8''pixel.png");
    }

    @Test
    void headAnswersTheHeadersWithoutTheBody() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");

        HttpResponse<byte[]> response = http.send(http.request(http.proxyPath(blob)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-length")).hasValue(String.valueOf(HttpFixture.PNG.length));
        assertThat(response.headers().firstValue("etag")).hasValue("\"" + blob.checksum() + "\"");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aCurrentCopyGets304() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");
        String etag = "\"" + blob.checksum() + "\"";
        String later = httpDate(blob.createdAt().plusSeconds(60));
        String earlier = httpDate(blob.createdAt().minusSeconds(60));

        HttpResponse<byte[]> matching = http.get(http.proxyPath(blob), "If-None-Match", "\"other\", " + etag);
        HttpResponse<byte[]> weak = http.get(http.proxyPath(blob), "If-None-Match", "W/" + etag);
        HttpResponse<byte[]> any = http.get(http.proxyPath(blob), "If-None-Match", "*");
        HttpResponse<byte[]> notModifiedSince = http.get(http.proxyPath(blob), "If-Modified-Since", later);

        for (HttpResponse<byte[]> response : List.of(matching, weak, any, notModifiedSince)) {
            assertThat(response.statusCode()).isEqualTo(304);
            assertThat(response.body()).isEmpty();
            assertThat(response.headers().firstValue("etag")).hasValue(etag);
            assertThat(response.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
            assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        }
        assertThat(http.get(http.proxyPath(blob), "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(http.get(http.proxyPath(blob), "If-Modified-Since", earlier).statusCode()).isEqualTo(200);
        assertThat(http.get(http.proxyPath(blob), "If-Modified-Since", "not a date").statusCode()).isEqualTo(200);
        // If-None-Match decides when both are sent
        assertThat(http.get(http.proxyPath(blob), "If-None-Match", "\"other\"", "If-Modified-Since", later).statusCode()).isEqualTo(200);
    }

    @Test
    void aCookieSetBeforeTheEndpointIsRemovedFromTheCacheableAnswer() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");

        HttpResponse<byte[]> response = http.get(http.proxyPath(blob), CookieTestFilter.HEADER, "before");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().map()).doesNotContainKey("set-cookie");
        assertThat(response.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
    }

    @Test
    void aCookieSetAfterTheEndpointNeverReachesTheAnswer() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");

        HttpResponse<byte[]> full = http.get(http.proxyPath(blob), CookieTestFilter.HEADER, "after");
        HttpResponse<byte[]> notModified = http.get(http.proxyPath(blob), CookieTestFilter.HEADER, "after", "If-None-Match", "*");

        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(full.headers().map()).doesNotContainKey("set-cookie");
        assertThat(notModified.headers().map()).doesNotContainKey("set-cookie");
    }

    @Test
    void aCookieThatCannotBeRemovedMakesTheAnswerUncacheable() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");

        HttpResponse<byte[]> response = http.get(http.proxyPath(blob), CookieTestFilter.HEADER, "sticky");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("set-cookie")).isNotEmpty();
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
    }

    @Test
    void bytesMissingFromTheServiceGetTheSame404AsAForgedId() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");
        http.disk.delete(blob.key());

        HttpResponse<byte[]> missing = http.get(http.proxyPath(blob));
        HttpResponse<byte[]> forged = http.get(HttpFixture.PREFIX + "/blobs/proxy/forged.token/pixel.png");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEmpty();
        assertThat(HttpFixture.headersWithoutDate(missing)).isEqualTo(HttpFixture.headersWithoutDate(forged));
    }

    @Test
    void rangesAreNotCappedByDefault() {
        byte[] bytes = new byte[4096];
        Blob blob = http.storeAs(bytes, "zeros.bin", "application/octet-stream");

        HttpResponse<byte[]> response = http.get(http.proxyPath(blob), "Range", "bytes=0-99999999999999999999999");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("content-range")).hasValue("bytes 0-4095/4096");
        assertThat(response.body()).hasSize(4096);
    }

    @Test
    void streamsTwoHundredMebibytesThroughAFixedBuffer() throws IOException, InterruptedException, NoSuchAlgorithmException {
        long size = 200L * 1024 * 1024;
        Blob blob = http.affix.blobs().create(new PatternStream(size, 42), NewBlob.named("big.bin").withContentType("application/octet-stream"));

        HttpResponse<InputStream> response = http.client.send(http.request(http.proxyPath(blob)).build(), HttpResponse.BodyHandlers.ofInputStream());

        MessageDigest md5 = MessageDigest.getInstance("MD5");
        long received = 0;
        try (InputStream body = new DigestInputStream(response.body(), md5)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                received += n;
            }
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-length")).hasValue(String.valueOf(size));
        assertThat(received).isEqualTo(size);
        assertThat(Base64.getEncoder().encodeToString(md5.digest())).isEqualTo(blob.checksum().base64());
        http.affix.blobs().purge(blob);
    }

    /** IMF-fixdate, as servers write it (RFC_1123_DATE_TIME would not pad the day to two digits). */
    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant.atOffset(ZoneOffset.UTC));
    }

    @Test
    void aLargeLocalFileIsServedWholeAndInRangesThroughSendfile() {
        byte[] large = new byte[1024 * 1024];
        new java.util.Random(7).nextBytes(large);
        Blob blob = http.store(large, "large.bin");

        HttpResponse<byte[]> whole = http.get(http.proxyPath(blob));
        HttpResponse<byte[]> part = http.get(http.proxyPath(blob), "Range", "bytes=100000-299999");
        HttpResponse<byte[]> tail = http.get(http.proxyPath(blob), "Range", "bytes=-70000");

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(large);
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 100000-299999/1048576");
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(large, 100000, 300000));
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(large, large.length - 70000, large.length));
    }
}

package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.blob.Blob;
import dev.affix.blob.SignedIds;
import dev.affix.json.Json;
import dev.affix.signing.MessageSigner;
import dev.affix.variant.Representation;
import dev.affix.variant.Transformations;
import dev.affix.variant.Variants;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET {prefix}/representations/(proxy|redirect)/...}: variants made on the first request and
 * served like blobs after; both tokens verified before anything is looked up or made; failures as 422
 * that are not made again.
 */
class RepresentationEndpointTest {

    static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static final Transformations THUMB = Transformations.builder().resizeToLimit(100, 100).build();

    @TempDir
    static Path dir;
    static TestImageProcessor processor = new TestImageProcessor();
    static HttpFixture http;
    static RepresentationUrls urls;
    static HttpResponse<byte[]> unknownRoute;

    @BeforeAll
    static void start() {
        http = HttpFixture.start(dir, HttpFixture.Setup.defaults().extension(processor));
        urls = new RepresentationUrls(http.affix);
        unknownRoute = http.get(HttpFixture.PREFIX + "/nothing/here");
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void theFirstRequestMakesTheVariantAndLaterOnesServeIt() throws IOException {
        Representation thumb = representation(http.store(png(300, 200), "photo.png"), THUMB);
        int before = processor.calls();

        HttpResponse<byte[]> first = http.get(urls.proxyPath(thumb));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(Arrays.copyOf(first.body(), 8)).isEqualTo(PNG_MAGIC);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(first.body()));
        assertThat(image.getWidth()).isEqualTo(100);
        assertThat(image.getHeight()).isEqualTo(67);
        assertThat(processor.calls()).isEqualTo(before + 1);
        assertThat(thumb.isProcessed()).isTrue();

        HttpResponse<byte[]> second = http.get(urls.proxyPath(thumb));

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(processor.calls()).isEqualTo(before + 1);
    }

    @Test
    void theVariantIsServedWithTheHeadersOfTheBlobProxy() {
        Representation thumb = representation(http.store(png(300, 200), "my photo.png"), THUMB);

        HttpResponse<byte[]> represented = http.get(urls.proxyPath(thumb));
        Blob image = thumb.image().orElseThrow();
        HttpResponse<byte[]> proxied = http.get(http.proxyPath(image));

        assertThat(represented.statusCode()).isEqualTo(200);
        assertThat(HttpFixture.headersWithoutDate(represented)).isEqualTo(HttpFixture.headersWithoutDate(proxied));
        assertThat(represented.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
        assertThat(represented.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(represented.headers().firstValue("content-disposition"))
                .hasValue("inline; filename=\"my photo.png\"; filename*=UTF-8''my%20photo.png");
        assertThat(represented.headers().firstValue("etag")).hasValue("\"" + image.checksum() + "\"");
        assertThat(represented.headers().map()).doesNotContainKey("set-cookie");
        assertThat(urls.proxyPath(thumb)).endsWith("/my%20photo.png");
    }

    @Test
    void theProxyAnswersRangesAndConditionalRequests() {
        Representation thumb = representation(http.store(png(300, 200), "photo.png"), THUMB);
        byte[] whole = http.get(urls.proxyPath(thumb)).body();
        String etag = "\"" + thumb.image().orElseThrow().checksum() + "\"";

        HttpResponse<byte[]> head = http.get(urls.proxyPath(thumb), "Range", "bytes=0-7");
        HttpResponse<byte[]> current = http.get(urls.proxyPath(thumb), "If-None-Match", etag);

        assertThat(head.statusCode()).isEqualTo(206);
        assertThat(head.headers().firstValue("content-range")).hasValue("bytes 0-7/" + whole.length);
        assertThat(head.body()).isEqualTo(PNG_MAGIC);
        assertThat(current.statusCode()).isEqualTo(304);
        assertThat(current.body()).isEmpty();
    }

    @Test
    void theRedirectLeadsToTheVariantInItsService() throws IOException {
        Representation thumb = representation(http.store(png(300, 200), "photo.png"), THUMB);
        int before = processor.calls();

        HttpResponse<byte[]> redirected = http.get(urls.redirectPath(thumb));

        assertThat(redirected.statusCode()).isEqualTo(302);
        assertThat(redirected.headers().firstValue("cache-control")).hasValue("private, max-age=300");
        assertThat(processor.calls()).isEqualTo(before + 1);
        HttpResponse<byte[]> followed = http.get(URI.create(redirected.headers().firstValue("location").orElseThrow()));
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(followed.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(ImageIO.read(new ByteArrayInputStream(followed.body())).getWidth()).isEqualTo(100);
        assertThat(http.get(urls.redirectUrl(thumb)).statusCode()).isEqualTo(302);
        assertThat(processor.calls()).isEqualTo(before + 1);
    }

    @Test
    void forgedForeignOrMisusedVariationKeysGetTheBare404AndNothingIsMade() {
        Blob blob = http.store(png(300, 200), "photo.png");
        Representation thumb = representation(blob, THUMB);
        String key = thumb.variationKey();
        String signedId = http.affix.blobs().signedId(blob, SignedIds.SERVE, null);
        int dot = key.lastIndexOf('.');
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("claims tampered", flip(key, dot / 2));
        bad.put("signature tampered", flip(key, key.length() - 2));
        bad.put("truncated", key.substring(0, key.length() - 3));
        bad.put("claims only", key.substring(0, dot));
        bad.put("garbage", "variation.key");
        bad.put("signed for another purpose", http.affix.signer().sign("blob/serve", Map.of("t", Json.write(THUMB.toMap()))));
        bad.put("the blob's serving id", signedId);
        bad.put("signed with another secret", new MessageSigner("another-secret-of-enough-length", http.clock)
                .sign(Variants.VARIATION_PURPOSE, Map.of("t", Json.write(THUMB.toMap()))));
        bad.put("a genuine key of a transformation this version does not read", http.affix.signer()
                .sign(Variants.VARIATION_PURPOSE, Map.of("t", "{\"sharpen\":[1]}")));
        int before = processor.calls();

        bad.forEach((what, forged) -> {
            for (String kind : new String[] {"proxy", "redirect"}) {
                HttpResponse<byte[]> response = http.get(HttpFixture.PREFIX + "/representations/" + kind + "/" + signedId + "/" + forged
                        + "/photo.png");
                assertThat(response.statusCode()).as(what).isEqualTo(404);
                assertThat(response.body()).as(what).isEmpty();
                assertThat(HttpFixture.headersWithoutDate(response)).as(what).isEqualTo(HttpFixture.headersWithoutDate(unknownRoute));
            }
        });
        assertThat(processor.calls()).isEqualTo(before);
        assertThat(thumb.isProcessed()).isFalse();
    }

    @Test
    void expiredOrMisusedBlobIdsGetTheBare404AndNothingIsMade() {
        Blob blob = http.store(png(300, 200), "photo.png");
        Representation thumb = representation(blob, THUMB);
        String expiring = urls.proxyPath(thumb, Duration.ofSeconds(30));
        String formId = HttpFixture.PREFIX + "/representations/proxy/" + http.affix.blobs().signedId(blob) + "/" + thumb.variationKey()
                + "/photo.png";
        String keyAsId = HttpFixture.PREFIX + "/representations/proxy/" + thumb.variationKey() + "/" + thumb.variationKey() + "/photo.png";
        http.clock.advance(Duration.ofSeconds(31));
        int before = processor.calls();

        for (String path : new String[] {expiring, formId, keyAsId}) {
            HttpResponse<byte[]> response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(HttpFixture.headersWithoutDate(response)).as(path).isEqualTo(HttpFixture.headersWithoutDate(unknownRoute));
        }
        assertThat(processor.calls()).isEqualTo(before);
        assertThat(thumb.isProcessed()).isFalse();
    }

    @Test
    void aPurgedBlobGetsTheBare404() {
        Blob blob = http.store(png(300, 200), "photo.png");
        String path = urls.proxyPath(representation(blob, THUMB));
        http.affix.blobs().purge(blob);

        HttpResponse<byte[]> response = http.get(path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(HttpFixture.headersWithoutDate(response)).isEqualTo(HttpFixture.headersWithoutDate(unknownRoute));
    }

    @Test
    void filesWithoutRepresentationsGetTheBare404() {
        Blob svg = http.store("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>".getBytes(StandardCharsets.UTF_8),
                "drawing.svg");
        Blob text = http.store("just words".getBytes(StandardCharsets.UTF_8), "notes.txt");
        Blob svgClaimingPng = http.storeAs("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8), "fake.png",
                "image/svg+xml");
        int before = processor.calls();

        for (Blob blob : new Blob[] {svg, text, svgClaimingPng}) {
            assertThat(http.affix.variants().representable(blob)).as(blob.contentType()).isFalse();
            String path = HttpFixture.PREFIX + "/representations/proxy/" + http.affix.blobs().signedId(blob, SignedIds.SERVE, null) + "/"
                    + http.affix.variants().variationKey(THUMB) + "/file.png";
            HttpResponse<byte[]> response = http.get(path);
            assertThat(response.statusCode()).as(blob.contentType()).isEqualTo(404);
            assertThat(HttpFixture.headersWithoutDate(response)).isEqualTo(HttpFixture.headersWithoutDate(unknownRoute));
        }
        assertThat(processor.calls()).isEqualTo(before);
    }

    @Test
    void aFileThatCannotBeTransformedAnswers422AndIsNotTriedAgainForAMinute() {
        byte[] truncated = Arrays.copyOf(png(300, 200), 60);
        Blob broken = http.store(truncated, "broken.png");
        assertThat(broken.contentType()).isEqualTo("image/png");
        Representation thumb = representation(broken, THUMB);
        int before = processor.calls();

        HttpResponse<byte[]> first = http.get(urls.proxyPath(thumb));
        HttpResponse<byte[]> second = http.get(urls.redirectPath(thumb));

        for (HttpResponse<byte[]> response : new HttpResponse[] {first, second}) {
            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json;charset=UTF-8");
            assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
            assertThat(Json.readObject(new String(response.body(), StandardCharsets.UTF_8)).get("error").toString())
                    .startsWith("this file cannot be shown as an image: ")
                    .contains("cannot");
        }
        assertThat(processor.calls()).isEqualTo(before + 1);

        http.clock.advance(Duration.ofSeconds(61));
        assertThat(http.get(urls.proxyPath(thumb)).statusCode()).isEqualTo(422);
        assertThat(processor.calls()).isEqualTo(before + 2);
    }

    @Test
    void theSrcsetOffersTheVariantAtTwiceItsSizeForDenseScreens() throws IOException {
        Representation thumb = representation(http.store(png(500, 300), "photo.png"), THUMB);

        String srcset = urls.srcset(thumb);

        String[] candidates = srcset.split(", ");
        assertThat(candidates).hasSize(2);
        assertThat(candidates[0]).isEqualTo(urls.proxyPath(thumb) + " 1x");
        assertThat(candidates[1]).endsWith(" 2x");
        String twice = candidates[1].substring(0, candidates[1].length() - " 2x".length());
        assertThat(ImageIO.read(new ByteArrayInputStream(http.get(candidates[0].replace(" 1x", "")).body())).getWidth()).isEqualTo(100);
        assertThat(ImageIO.read(new ByteArrayInputStream(http.get(twice).body())).getWidth()).isEqualTo(200);
    }

    @Test
    void aSrcsetWhose2xWouldBeTooBigOffersOnly1x() {
        Representation huge = representation(http.store(png(10, 10), "photo.png"),
                Transformations.builder().resizeToLimit(4000, 4000).build());

        assertThat(urls.srcset(huge)).isEqualTo(urls.proxyPath(huge) + " 1x");
    }

    @Test
    void urlsExpireAsConfigured() {
        RepresentationUrls expiring = new RepresentationUrls(http.affix, EndpointOptions.builder().urlExpiry(Duration.ofMinutes(10)).build());
        Representation thumb = representation(http.store(png(300, 200), "photo.png"), THUMB);
        String proxy = expiring.proxyPath(thumb);

        HttpResponse<byte[]> fresh = http.get(proxy);
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.headers().firstValue("cache-control")).hasValue("public, max-age=600, immutable");
        assertThat(expiring.srcset(thumb)).startsWith(proxy + " 1x, ");

        http.clock.advance(Duration.ofMinutes(11));
        assertThat(http.get(proxy).statusCode()).isEqualTo(404);
        assertThat(http.get(expiring.redirectPath(thumb, Duration.ofSeconds(5))).statusCode()).isEqualTo(302);
    }

    static Representation representation(Blob blob, Transformations transformations) {
        return http.affix.variants().representation(blob, transformations);
    }

    private static String flip(String token, int index) {
        char c = token.charAt(index);
        return token.substring(0, index) + (c == 'A' ? 'B' : 'A') + token.substring(index + 1);
    }

    /** A PNG of a diagonal gradient, so that a resized copy differs from a blank one. */
    static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setPaint(new GradientPaint(0, 0, new Color(0x4f46e5), width, height, new Color(0xf59e0b)));
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

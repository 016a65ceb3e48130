package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.blob.Blob;
import dev.affix.blob.SignedIds;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.UrlOptions;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every token is bound to its purpose: tampered, truncated, expired or misused tokens get, on every
 * endpoint, the very same empty 404 as an unknown route, whether or not the blob exists.
 */
class TokenMisuseTest {

    @TempDir
    static Path dir;
    static HttpFixture http;
    static Blob blob;
    static Tokens genuine;
    static Tokens expired;
    static HttpResponse<byte[]> unknownRoute;

    /** One token of each purpose for the same blob, and the key the upload token would store at. */
    record Tokens(String signedId, String downloadToken, String uploadToken, String uploadKey) {
    }

    @BeforeAll
    static void start() {
        http = HttpFixture.start(dir);
        blob = http.store(HttpFixture.PNG, "pixel.png");
        genuine = tokens(null);
        expired = tokens(Duration.ofMinutes(1));
        http.clock.advance(Duration.ofMinutes(2));
        unknownRoute = http.get(HttpFixture.PREFIX + "/nothing/here");
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    private static Tokens tokens(Duration expiry) {
        String signedId = http.affix.blobs().signedId(blob, SignedIds.SERVE, expiry);
        String download = DiskUploadTest.tokenOf(http.disk.url(blob.key(), UrlOptions.expiringIn(expiry == null ? Duration.ofDays(1) : expiry))
                .toString());
        Blob pending = http.affix.blobs().createBeforeDirectUpload("later.png", HttpFixture.PNG.length, DiskUploadTest.md5(HttpFixture.PNG),
                "image/png", Map.of(), null);
        DirectUploadTarget target = http.affix.blobs().directUploadTarget(pending, expiry == null ? Duration.ofDays(1) : expiry);
        return new Tokens(signedId, download, DiskUploadTest.tokenOf(target.url().toString()), pending.key());
    }

    @Test
    void genuineTokensWork() {
        assertThat(proxy(genuine.signedId()).statusCode()).isEqualTo(200);
        assertThat(redirect(genuine.signedId()).statusCode()).isEqualTo(302);
        assertThat(diskGet(genuine.downloadToken()).statusCode()).isEqualTo(200);
        assertThat(diskPut(genuine.uploadToken()).statusCode()).isEqualTo(204);
    }

    @Test
    void theBlobEndpointsRefuseEveryOtherToken() {
        Map<String, String> bad = badTokens(genuine.signedId());
        bad.put("expired", expired.signedId());
        bad.put("other purpose", http.affix.blobs().signedId(blob, "avatar_preview", null));
        bad.put("a form's signed id", http.affix.blobs().signedId(blob));
        bad.put("disk download token", genuine.downloadToken());
        bad.put("disk upload token", genuine.uploadToken());

        assertAllAnswerTheBare404(bad, TokenMisuseTest::proxy);
        assertAllAnswerTheBare404(bad, TokenMisuseTest::redirect);
        assertAllAnswerTheBare404(bad, token -> representation("proxy", token));
        assertAllAnswerTheBare404(bad, token -> representation("redirect", token));
    }

    @Test
    void aGenuineIdWithAForgedVariationKeyGetsTheSame404() {
        assertAllAnswerTheBare404(Map.of("genuine", genuine.signedId()), token -> representation("proxy", token));
        assertAllAnswerTheBare404(Map.of("genuine", genuine.signedId()), token -> representation("redirect", token));
    }

    @Test
    void theDiskDownloadRefusesEveryOtherToken() {
        Map<String, String> bad = badTokens(genuine.downloadToken());
        bad.put("expired", expired.downloadToken());
        bad.put("signed blob id", genuine.signedId());
        bad.put("disk upload token", genuine.uploadToken());

        assertAllAnswerTheBare404(bad, TokenMisuseTest::diskGet);
    }

    @Test
    void theDiskUploadRefusesEveryOtherTokenAndStoresNothing() {
        Tokens fresh = tokens(null);
        Map<String, String> bad = badTokens(fresh.uploadToken());
        bad.put("expired", expired.uploadToken());
        bad.put("signed blob id", fresh.signedId());
        bad.put("disk download token", fresh.downloadToken());

        assertAllAnswerTheBare404(bad, TokenMisuseTest::diskPut);
        assertThat(http.disk.exists(fresh.uploadKey())).isFalse();
        assertThat(http.disk.exists(expired.uploadKey())).isFalse();
    }

    @Test
    void aGenuineIdOfADeletedBlobAnswersLikeAForgedOne() {
        Blob gone = http.store(HttpFixture.PNG, "gone.png");
        String signedId = http.affix.blobs().signedId(gone, SignedIds.SERVE, null);
        http.affix.blobs().purge(gone);

        assertAllAnswerTheBare404(Map.of("deleted", signedId), TokenMisuseTest::proxy);
        assertAllAnswerTheBare404(Map.of("deleted", signedId), TokenMisuseTest::redirect);
    }

    @Test
    void unknownRoutesAndWrongMethodsGetTheSame404() {
        String id = genuine.signedId();
        Map<String, HttpResponse<byte[]>> responses = new LinkedHashMap<>();
        for (String path : List.of("", "/", "/blobs", "/blobs/proxy/" + id, "/blobs/proxy/" + id + "/", "/blobs/proxy//pixel.png",
                "/blobs/other/" + id + "/pixel.png", "/representations/proxy/" + id + "/pixel.png", "/disk/" + genuine.downloadToken() + "/",
                "/disk/" + genuine.uploadToken() + "/extra", "/direct_uploads/1", "/rails/active_storage/blobs/proxy/" + id + "/pixel.png")) {
            responses.put("GET " + path, http.get(HttpFixture.PREFIX + path));
        }
        responses.put("POST proxy", http.send(http.request(HttpFixture.PREFIX + "/blobs/proxy/" + id + "/pixel.png")
                .POST(HttpRequest.BodyPublishers.noBody()).build()));
        responses.put("DELETE disk", http.send(http.request(HttpFixture.PREFIX + "/disk/" + genuine.downloadToken() + "/pixel.png")
                .DELETE().build()));
        responses.put("PUT direct_uploads", http.send(http.request(HttpFixture.PREFIX + "/direct_uploads")
                .PUT(HttpRequest.BodyPublishers.noBody()).build()));

        responses.forEach((what, response) -> {
            assertThat(response.statusCode()).as(what).isEqualTo(404);
            assertThat(response.body()).as(what).isEmpty();
            assertThat(HttpFixture.headersWithoutDate(response)).as(what).isEqualTo(HttpFixture.headersWithoutDate(unknownRoute));
        });
    }

    @Test
    void dotSegmentsCannotLeaveTheRoute() {
        HttpResponse<byte[]> dotted = http.get(HttpFixture.PREFIX + "/blobs/proxy/" + genuine.signedId() + "/../../../etc/passwd");
        HttpResponse<byte[]> encoded = http.get(HttpFixture.PREFIX + "/disk/..%2F..%2F..%2Fetc%2Fpasswd/x");

        assertThat(dotted.statusCode()).isEqualTo(404);
        assertThat(dotted.body()).isEmpty();
        assertThat(encoded.statusCode()).isIn(400, 404);
        assertThat(new String(encoded.body())).doesNotContain("root:");
    }

    @Test
    void theUnknownRoute404IsBare() {
        assertThat(unknownRoute.statusCode()).isEqualTo(404);
        assertThat(unknownRoute.body()).isEmpty();
        assertThat(unknownRoute.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(unknownRoute.headers().firstValue("content-security-policy")).hasValue("default-src 'none'; sandbox");
        // a 404 is cacheable by default (RFC 9111): a URL whose bytes come back later must not stay "not found" in a cache
        assertThat(unknownRoute.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(unknownRoute.headers().map()).doesNotContainKeys("set-cookie", "etag", "last-modified", "content-type");
    }

    /** Altered copies of a genuine token: tampered in its claims and in its signature, truncated, emptied of parts. */
    private static Map<String, String> badTokens(String token) {
        int dot = token.lastIndexOf('.');
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("claims tampered", flip(token, dot / 2));
        bad.put("signature tampered", flip(token, token.length() - 2));
        bad.put("truncated", token.substring(0, token.length() - 3));
        bad.put("signature only", token.substring(dot + 1));
        bad.put("claims only", token.substring(0, dot));
        bad.put("claims and dot", token.substring(0, dot + 1));
        bad.put("garbage", "not-a-token");
        return bad;
    }

    private static String flip(String token, int index) {
        char c = token.charAt(index);
        return token.substring(0, index) + (c == 'A' ? 'B' : 'A') + token.substring(index + 1);
    }

    private static void assertAllAnswerTheBare404(Map<String, String> tokens, Function<String, HttpResponse<byte[]>> endpoint) {
        tokens.forEach((what, token) -> {
            HttpResponse<byte[]> response = endpoint.apply(token);
            assertThat(response.statusCode()).as(what).isEqualTo(404);
            assertThat(response.body()).as(what).isEmpty();
            assertThat(HttpFixture.headersWithoutDate(response)).as(what).isEqualTo(HttpFixture.headersWithoutDate(unknownRoute));
        });
    }

    private static HttpResponse<byte[]> proxy(String token) {
        return http.get(HttpFixture.PREFIX + "/blobs/proxy/" + token + "/pixel.png");
    }

    private static HttpResponse<byte[]> redirect(String token) {
        return http.get(HttpFixture.PREFIX + "/blobs/redirect/" + token + "/pixel.png");
    }

    private static HttpResponse<byte[]> representation(String kind, String token) {
        return http.get(HttpFixture.PREFIX + "/representations/" + kind + "/" + token + "/variation.key/pixel.png");
    }

    private static HttpResponse<byte[]> diskGet(String token) {
        return http.get(HttpFixture.PREFIX + "/disk/" + token + "/pixel.png");
    }

    private static HttpResponse<byte[]> diskPut(String token) {
        return http.send(http.request(HttpFixture.PREFIX + "/disk/" + token).header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(HttpFixture.PNG)).build());
    }
}

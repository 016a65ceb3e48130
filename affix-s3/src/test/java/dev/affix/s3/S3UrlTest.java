package dev.affix.s3;

import static dev.affix.s3.TestData.bytes;
import static dev.affix.s3.TestData.md5;
import static dev.affix.s3.TestData.readAll;
import static dev.affix.s3.TestData.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.storage.DirectUploadRequest;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.Disposition;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UrlOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Presigned GETs and PUTs, and public URLs, fetched over plain HTTP as a browser would; and what
 * s3proxy itself enforces of Content-MD5, measured with requests that bypass the service.
 */
class S3UrlTest {

    private static S3ProxyServer server;
    private static S3Service service;
    private static S3Service publicService;
    private final HttpClient http = HttpClient.newHttpClient();
    private String prefix;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start();
        service = server.service("amazon", Map.of());
        publicService = server.service("public", Map.of("public", true));
    }

    @AfterAll
    static void stopServer() {
        service.close();
        publicService.close();
        server.close();
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "urls/" + StorageKeys.random() + "/";
    }

    // --- presigned GET --------------------------------------------------------------------------------

    @Test
    void presignedGetAnswersWithTheRequestedTypeAndDisposition() throws Exception {
        byte[] data = bytes(500, 1);
        service.upload(prefix + "cv", new ByteArrayInputStream(data), UploadOptions.defaults());

        URI url = service.url(prefix + "cv", UrlOptions.expiringIn(Duration.ofMinutes(5))
                .withFilename("résumé 2024.pdf").withDisposition(Disposition.ATTACHMENT).withContentType("application/pdf"));
        HttpResponse<byte[]> response = get(url);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(data);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"r_sum_ 2024.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%202024.pdf");
    }

    @Test
    void presignedGetWithoutOverridesAnswersWithWhatWasStored() throws Exception {
        service.upload(prefix + "stored", new ByteArrayInputStream(bytes(10, 2)), UploadOptions.defaults()
                .withMetadata(new ObjectMetadata("text/plain", "notes.txt", Disposition.INLINE, Map.of())));

        HttpResponse<byte[]> response = get(service.url(prefix + "stored", UrlOptions.expiringIn(Duration.ofMinutes(1))));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("inline; filename=\"notes.txt\"; filename*=UTF-8''notes.txt");
    }

    @Test
    void urlsLongerThanSevenDaysAreRefused() {
        assertThatThrownBy(() -> service.url(prefix + "x", UrlOptions.expiringIn(Duration.ofDays(8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7 days");
    }

    // --- presigned PUT ------------------------------------------------------------------------------

    @Test
    void directUploadAsksTheBrowserForExactlyTheSignedHeaders() throws Exception {
        byte[] data = bytes(2048, 3);
        DirectUploadTarget target = service.directUpload(prefix + "direct", new DirectUploadRequest(data.length, md5(data),
                "image/png", new ObjectMetadata(null, "photo.png", Disposition.INLINE, Map.of()), null));

        assertThat(target.headers()).containsOnlyKeys("Content-Type", "Content-MD5", "Content-Disposition", "If-None-Match")
                .containsEntry("If-None-Match", "*")
                .containsEntry("Content-Type", "image/png")
                .containsEntry("Content-MD5", md5(data).base64())
                .containsEntry("Content-Disposition", "inline; filename=\"photo.png\"; filename*=UTF-8''photo.png");

        assertThat(put(target, target.headers(), data).statusCode()).isEqualTo(200);
        HeadObjectResponse head = server.client().headObject(h -> h.bucket(S3ProxyServer.BUCKET).key(prefix + "direct"));
        assertThat(head.contentType()).isEqualTo("image/png");
        assertThat(head.contentDisposition()).isEqualTo("inline; filename=\"photo.png\"; filename*=UTF-8''photo.png");
        assertThat(readAll(service.download(prefix + "direct"))).isEqualTo(data);
    }

    @Test
    void directUploadRefusesOtherBytesOtherTypeOtherLengthAndAMissingChecksum() throws Exception {
        byte[] declared = bytes(4096, 4);
        DirectUploadTarget target = service.directUpload(prefix + "strict", new DirectUploadRequest(declared.length,
                md5(declared), "application/pdf", ObjectMetadata.none(), null));

        HttpResponse<String> otherBytes = put(target, target.headers(), bytes(4096, 5));
        assertThat(otherBytes.statusCode()).isEqualTo(400);
        assertThat(otherBytes.body()).contains("<Code>BadDigest</Code>");

        assertThat(put(target, with(target.headers(), "Content-Type", "text/html"), declared).statusCode()).isEqualTo(403);
        byte[] shorter = Arrays.copyOf(declared, 100);
        assertThat(put(target, with(target.headers(), "Content-MD5", md5(shorter).base64()), shorter).statusCode())
                .isEqualTo(403);
        Map<String, String> withoutChecksum = new HashMap<>(target.headers());
        withoutChecksum.remove("Content-MD5");
        assertThat(put(target, withoutChecksum, declared).statusCode()).isEqualTo(403);

        assertThat(service.exists(prefix + "strict")).isFalse();
    }

    @Test
    void directUploadWithSha256IsCheckedByTheServer() throws Exception {
        byte[] declared = bytes(3000, 6);
        DirectUploadTarget target = service.directUpload(prefix + "sha", new DirectUploadRequest(declared.length,
                sha256(declared), "application/octet-stream", ObjectMetadata.none().withCustom(Map.of("origin", "browser")), null));

        assertThat(target.headers()).containsEntry("x-amz-checksum-sha256", sha256(declared).base64())
                .containsEntry("x-amz-meta-origin", "browser");
        assertThat(put(target, target.headers(), bytes(3000, 7)).statusCode()).isEqualTo(400);
        assertThat(service.exists(prefix + "sha")).isFalse();

        assertThat(put(target, target.headers(), declared).statusCode()).isEqualTo(200);
        assertThat(readAll(service.download(prefix + "sha"))).isEqualTo(declared);
    }

    // --- public services ----------------------------------------------------------------------------

    @Test
    void publicUrlsArePlainPermanentAndServeWithoutASignature() throws Exception {
        byte[] data = bytes(300, 8);
        publicService.upload(prefix + "open file.bin", new ByteArrayInputStream(data), UploadOptions.defaults());

        URI url = publicService.url(prefix + "open file.bin", UrlOptions.expiringIn(Duration.ofSeconds(1)));
        assertThat(url.getQuery()).isNull();
        assertThat(url.toString()).startsWith(server.endpoint() + "/" + S3ProxyServer.BUCKET + "/" + prefix);
        assertThat(publicService.url(prefix + "open file.bin", UrlOptions.expiringIn(Duration.ofDays(30)))).isEqualTo(url);

        Thread.sleep(1500);
        HttpResponse<byte[]> response = get(url);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(data);
    }

    @Test
    void objectsOfAPrivateServiceAreNotServedWithoutASignature() throws Exception {
        service.upload(prefix + "private", new ByteArrayInputStream(bytes(10, 9)), UploadOptions.defaults());
        URI signed = service.url(prefix + "private", UrlOptions.expiringIn(Duration.ofMinutes(1)));
        URI unsigned = URI.create(signed.toString().substring(0, signed.toString().indexOf('?')));

        assertThat(get(signed).statusCode()).isEqualTo(200);
        assertThat(get(unsigned).statusCode()).isEqualTo(403);
    }

    @Test
    void metadataUpdatesKeepPublicObjectsPublic() throws Exception {
        publicService.upload(prefix + "pub", new ByteArrayInputStream(bytes(10, 10)), UploadOptions.defaults());

        publicService.updateMetadata(prefix + "pub", ObjectMetadata.none().withContentType("text/plain"));

        HttpResponse<byte[]> response = get(publicService.url(prefix + "pub", UrlOptions.expiringIn(Duration.ofMinutes(1))));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
    }

    @Test
    void directUploadToATakenKeyIsRefusedByS3AndSigned() throws Exception {
        byte[] previous = bytes(100, 15);
        service.upload(prefix + "taken", new ByteArrayInputStream(previous), UploadOptions.defaults());
        byte[] data = bytes(2048, 16);
        DirectUploadTarget target = service.directUpload(prefix + "taken", new DirectUploadRequest(data.length, md5(data),
                "image/png", ObjectMetadata.none(), null));

        assertThat(put(target, target.headers(), data).statusCode()).isEqualTo(412);
        Map<String, String> withoutCondition = new HashMap<>(target.headers());
        withoutCondition.remove("If-None-Match");
        assertThat(put(target, withoutCondition, data).statusCode()).as("the condition is signed: dropping it breaks the signature")
                .isEqualTo(403);
        assertThat(readAll(service.download(prefix + "taken"))).isEqualTo(previous);
    }

    // --- what s3proxy enforces, measured past the service ------------------------------------------------

    @Test
    void s3proxyRefusesAConditionalPutObjectOrCompletionToATakenKey() {
        String key = prefix + "conditional";
        server.client().putObject(put -> put.bucket(S3ProxyServer.BUCKET).key(key), RequestBody.fromBytes(bytes(10, 17)));

        assertThatThrownBy(() -> server.client().putObject(put -> put.bucket(S3ProxyServer.BUCKET).key(key).ifNoneMatch("*"),
                RequestBody.fromBytes(bytes(10, 18))))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(412);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
                });
        String uploadId = server.client().createMultipartUpload(create -> create.bucket(S3ProxyServer.BUCKET).key(key)).uploadId();
        String eTag = server.client().uploadPart(part -> part.bucket(S3ProxyServer.BUCKET).key(key).uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(bytes(10, 19))).eTag();
        assertThatThrownBy(() -> server.client().completeMultipartUpload(done -> done.bucket(S3ProxyServer.BUCKET).key(key)
                .uploadId(uploadId).ifNoneMatch("*").multipartUpload(parts -> parts.parts(CompletedPart.builder().partNumber(1)
                        .eTag(eTag).build()))))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        server.client().abortMultipartUpload(abort -> abort.bucket(S3ProxyServer.BUCKET).key(key).uploadId(uploadId));
        assertThat(readAll(service.download(key))).isEqualTo(bytes(10, 17));
    }

    @Test
    void s3proxyRefusesAPutObjectWhoseContentMd5DoesNotMatch() {
        byte[] data = bytes(1000, 11);

        assertThatThrownBy(() -> server.client().putObject(put -> put.bucket(S3ProxyServer.BUCKET).key(prefix + "md5")
                .contentMD5(md5(bytes(1000, 12)).base64()), RequestBody.fromBytes(data)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
                });
        assertThat(service.exists(prefix + "md5")).isFalse();
    }

    @Test
    void s3proxyRefusesAPutObjectWhoseSha256DoesNotMatch() {
        byte[] data = bytes(1000, 13);

        assertThatThrownBy(() -> server.client().putObject(put -> put.bucket(S3ProxyServer.BUCKET).key(prefix + "sha")
                .checksumSHA256(sha256(bytes(1000, 14)).base64()), RequestBody.fromBytes(data)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThat(service.exists(prefix + "sha")).isFalse();
    }

    // --- helpers ------------------------------------------------------------------------------------

    private HttpResponse<byte[]> get(URI url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A PUT as a browser sends it: its own Host and Content-Length, the given headers, the body. */
    private HttpResponse<String> put(DirectUploadTarget target, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.url()).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> changed = new HashMap<>(headers);
        changed.put(name, value);
        return changed;
    }
}

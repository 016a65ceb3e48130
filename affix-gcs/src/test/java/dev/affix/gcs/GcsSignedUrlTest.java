package dev.affix.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.storage.DirectUploadRequest;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.Disposition;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UrlOptions;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shape of the URLs the GCS service signs: V4 parameters, expiry, the response overrides of a
 * download URL and the headers a direct-upload URL is bound to, each signature checked against the
 * test account's public key. Whether Google accepts these signatures is beyond a test without GCS.
 */
class GcsSignedUrlTest {

    private static final String KEY = "uploads/ünï code+x?.pdf";
    private static final String ENCODED_KEY = "uploads/%C3%BCn%C3%AF%20code%2Bx%3F.pdf";
    private static final byte[] DATA = "the declared bytes".getBytes(StandardCharsets.UTF_8);
    private static final Checksum MD5 = Checksum.of(ChecksumAlgorithm.MD5, ChecksumAlgorithm.MD5.newDigest().digest(DATA));

    private final FakeGcs gcs = new FakeGcs();
    private final GcsService service = gcs.service(false, "private, max-age=60");
    private final SignedUrlEndpoint endpoint = gcs.endpoint();

    @Test
    void downloadUrlIsV4SignedWithTheResponseOverrides() {
        URI url = service.url(KEY, UrlOptions.expiringIn(Duration.ofMinutes(10))
                .withFilename("résumé 2026.pdf").withDisposition(Disposition.ATTACHMENT).withContentType("application/pdf"));
        V4SignedUrl signed = V4SignedUrl.parse(url);

        assertThat(url.getScheme() + "://" + url.getHost()).isEqualTo("https://storage.googleapis.com");
        assertThat(url.getRawPath()).isEqualTo("/" + FakeGcs.BUCKET + "/" + ENCODED_KEY);
        assertThat(signed.parameter("X-Goog-Algorithm")).isEqualTo("GOOG4-RSA-SHA256");
        assertThat(signed.parameter("X-Goog-Credential"))
                .isEqualTo(TestServiceAccount.EMAIL + "/20260101/auto/storage/goog4_request");
        assertThat(signed.parameter("X-Goog-Date")).isEqualTo("20260101T000000Z");
        assertThat(signed.parameter("X-Goog-Expires")).isEqualTo("600");
        assertThat(signed.signedHeaders()).containsExactly("host");
        assertThat(signed.parameter("response-content-disposition"))
                .isEqualTo("attachment; filename=\"r_sum_ 2026.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%202026.pdf");
        assertThat(signed.parameter("response-content-type")).isEqualTo("application/pdf");
        assertThat(signed.signatureVerifies(FakeGcs.ACCOUNT.publicKey(), "GET", Map.of())).isTrue();
        assertThat(signed.signatureVerifies(FakeGcs.ACCOUNT.publicKey(), "PUT", Map.of())).isFalse();
    }

    @Test
    void changingAnySignedPartBreaksTheSignature() {
        URI url = service.url(KEY, UrlOptions.expiringIn(Duration.ofMinutes(10)).withContentType("application/pdf"));
        URI otherType = URI.create(url.toString().replace("application%2Fpdf", "text%2Fhtml"));
        URI otherKey = URI.create(url.toString().replace("code", "kode"));

        assertThat(V4SignedUrl.parse(otherType).signatureVerifies(FakeGcs.ACCOUNT.publicKey(), "GET", Map.of())).isFalse();
        assertThat(V4SignedUrl.parse(otherKey).signatureVerifies(FakeGcs.ACCOUNT.publicKey(), "GET", Map.of())).isFalse();
        assertThat(V4SignedUrl.parse(url).signatureVerifies(TestServiceAccount.generate().publicKey(), "GET", Map.of()))
                .isFalse();
    }

    @Test
    void downloadUrlWithoutFilenameStillSaysInline() {
        V4SignedUrl signed = V4SignedUrl.parse(service.url(KEY, UrlOptions.expiringIn(Duration.ofMinutes(1))));

        assertThat(signed.parameter("response-content-disposition")).isEqualTo("inline");
        assertThat(signed.parameter("response-content-type")).isNull();
    }

    @Test
    void expiryParameterSaysTheRequestedSecondsAndTheEndpointHonoursIt() {
        service.upload(KEY, new ByteArrayInputStream(DATA), UploadOptions.defaults());
        URI url = service.url(KEY, UrlOptions.expiringIn(Duration.ofSeconds(90)));

        assertThat(V4SignedUrl.parse(url).parameter("X-Goog-Expires")).isEqualTo("90");
        gcs.clock.advance(Duration.ofSeconds(89));
        assertThat(endpoint.get(url).status()).isEqualTo(200);
        gcs.clock.advance(Duration.ofSeconds(1));
        assertThat(endpoint.get(url).status()).isEqualTo(400);
    }

    @Test
    void expiryIsRoundedUpToWholeSecondsAndCappedAtSevenDays() {
        assertThat(V4SignedUrl.parse(service.url(KEY, UrlOptions.expiringIn(Duration.ofMillis(1500)))).parameter("X-Goog-Expires"))
                .isEqualTo("2");
        assertThat(V4SignedUrl.parse(service.url(KEY, UrlOptions.expiringIn(Duration.ofDays(7)))).parameter("X-Goog-Expires"))
                .isEqualTo("604800");
        assertThatThrownBy(() -> service.url(KEY, UrlOptions.expiringIn(Duration.ofDays(7).plusSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 7 days");
    }

    @Test
    void directUploadUrlIsBoundToTheHeadersItReturns() {
        DirectUploadTarget target = service.directUpload(KEY, new DirectUploadRequest(DATA.length, MD5, "application/pdf",
                new ObjectMetadata(null, "cv.pdf", Disposition.ATTACHMENT, Map.of("origin", "browser")), Duration.ofMinutes(5)));
        V4SignedUrl signed = V4SignedUrl.parse(target.url());

        assertThat(target.url().getRawPath()).isEqualTo("/" + FakeGcs.BUCKET + "/" + ENCODED_KEY);
        assertThat(target.headers()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Content-Type", "application/pdf",
                "Content-MD5", MD5.base64(),
                "Content-Disposition", "attachment; filename=\"cv.pdf\"; filename*=UTF-8''cv.pdf",
                "Cache-Control", "private, max-age=60",
                "x-goog-meta-origin", "browser",
                "x-goog-if-generation-match", "0"));
        assertThat(signed.signedHeaders()).containsExactly("cache-control", "content-disposition", "content-md5", "content-type",
                "host", "x-goog-if-generation-match", "x-goog-meta-origin");
        assertThat(signed.parameter("X-Goog-Expires")).isEqualTo("300");
        assertThat(signed.signatureVerifies(FakeGcs.ACCOUNT.publicKey(), "PUT", target.headers())).isTrue();
        assertThat(signed.signatureVerifies(FakeGcs.ACCOUNT.publicKey(), "GET", target.headers())).isFalse();
    }

    @Test
    void directUploadWithOtherHeadersIsRefusedAndStoresNothing() {
        DirectUploadTarget target = service.directUpload(KEY, new DirectUploadRequest(DATA.length, MD5, "application/pdf",
                ObjectMetadata.none(), null));
        Map<String, String> otherType = new HashMap<>(target.headers());
        otherType.put("Content-Type", "text/html");
        Map<String, String> withoutMd5 = new HashMap<>(target.headers());
        withoutMd5.remove("Content-MD5");

        assertThat(endpoint.put(target.url(), otherType, DATA).status()).isEqualTo(403);
        assertThat(endpoint.put(target.url(), withoutMd5, DATA).status()).isEqualTo(403);
        assertThat(service.exists(KEY)).isFalse();
    }

    @Test
    void directUploadStoresTheSignedTypeAndDisposition() {
        DirectUploadTarget target = service.directUpload(KEY, new DirectUploadRequest(DATA.length, MD5, "application/pdf",
                ObjectMetadata.none().withFilename("cv.pdf"), null));

        assertThat(endpoint.put(target.url(), target.headers(), DATA).status()).isEqualTo(200);

        Blob blob = gcs.storage.get(BlobId.of(FakeGcs.BUCKET, KEY));
        assertThat(blob.getContentType()).isEqualTo("application/pdf");
        assertThat(blob.getContentDisposition()).isEqualTo("inline; filename=\"cv.pdf\"; filename*=UTF-8''cv.pdf");
    }

    @Test
    void directUploadRefusesWhatGcsCannotBindOrCarry() {
        Checksum sha = Checksum.of(ChecksumAlgorithm.SHA256, ChecksumAlgorithm.SHA256.newDigest().digest(DATA));

        assertThatThrownBy(() -> service.directUpload(KEY, new DirectUploadRequest(DATA.length, sha, "application/pdf",
                ObjectMetadata.none(), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MD5");
        assertThatThrownBy(() -> service.directUpload(KEY, new DirectUploadRequest(DATA.length, MD5, "application/pdf",
                ObjectMetadata.none().withCustom(Map.of("city", "Zürich")), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("custom metadata 'city'");
        assertThatThrownBy(() -> service.directUpload(KEY, new DirectUploadRequest(DATA.length, MD5, "application/pdf",
                ObjectMetadata.none().withCustom(Map.of("two words", "x")), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'two words'");
    }

    @Test
    void publicServiceHandsOutPermanentUnsignedUrls() {
        GcsService publicService = gcs.service(true, null);

        URI url = publicService.url(KEY, UrlOptions.expiringIn(Duration.ofMinutes(1)).withFilename("x.pdf"));

        assertThat(url).hasToString("https://storage.googleapis.com/" + FakeGcs.BUCKET + "/" + ENCODED_KEY);
        assertThat(publicService.isPublic()).isTrue();
        assertThat(V4SignedUrl.parse(publicService.directUpload(KEY, new DirectUploadRequest(DATA.length, MD5,
                "application/pdf", ObjectMetadata.none(), null)).url()).parameter("X-Goog-Signature")).isNotBlank();
    }
}

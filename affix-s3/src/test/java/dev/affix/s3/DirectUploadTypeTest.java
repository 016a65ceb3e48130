package dev.affix.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.Affix;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.blob.ContentTypeNotAllowedException;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.InlineJobRunner;
import dev.affix.storage.DirectUploadTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A browser declares a type when it asks for a direct upload, and the allow-list checks that
 * declaration; the bytes then go straight to the bucket. What they really are is learnt at attach:
 * that type must pass the same list, and the object in the bucket must stop claiming the declared one.
 */
class DirectUploadTypeTest {

    private static final byte[] SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] HTML = "<html><body><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PHP = "<?php system($_GET['c']); ?>".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1,
        0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89};

    private final HttpClient http = HttpClient.newHttpClient();
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
    void bytesOfATypeOutsideTheListAreRefusedAtAttachAndNothingIsKept() throws Exception {
        try (Affix affix = affix(List.of("image/*", "text/plain"))) {
            for (Object[] lie : new Object[][] {{SVG, "image/png", "image/svg+xml"}, {HTML, "text/plain", "text/html"},
                {PHP, "image/jpeg", "text/x-php"}}) {
                Blob blob = uploadDirectly(affix, (byte[]) lie[0], (String) lie[1]);

                assertThatThrownBy(() -> affix.one(RecordRef.of("User", 1), "avatar").attachSigned(affix.blobs().signedId(blob)))
                        .isInstanceOf(ContentTypeNotAllowedException.class)
                        .hasMessageContaining((String) lie[2]).hasMessageContaining("declared as " + lie[1]);
                assertThat(affix.one(RecordRef.of("User", 1), "avatar").attached()).isFalse();
                assertThat(affix.blobs().find(blob.id())).isEmpty();
                assertThat(affix.services().get("amazon").exists(blob.key())).isFalse();
            }
        }
    }

    @Test
    void bytesOfAnAllowedTypeAreAttached() throws Exception {
        try (Affix affix = affix(List.of("image/*"))) {
            Blob blob = uploadDirectly(affix, PNG, "image/png");

            Blob attached = affix.one(RecordRef.of("User", 2), "avatar").attachSigned(affix.blobs().signedId(blob)).blob();

            assertThat(attached.contentType()).isEqualTo("image/png");
            assertThat(head(blob.key()).contentType()).isEqualTo("image/png");
        }
    }

    @Test
    void theObjectInTheBucketIsCorrectedToTheIdentifiedTypeAndNeverShownInPlace() throws Exception {
        try (Affix affix = affix(List.of())) {
            Blob blob = uploadDirectly(affix, HTML, "image/png");
            assertThat(head(blob.key()).contentType()).isEqualTo("image/png");

            Blob attached = affix.one(RecordRef.of("User", 3), "avatar").attachSigned(affix.blobs().signedId(blob)).blob();

            assertThat(attached.contentType()).isEqualTo("text/html");
            HeadObjectResponse stored = head(blob.key());
            assertThat(stored.contentType()).isEqualTo("text/html");
            assertThat(stored.contentDisposition()).startsWith("attachment");
        }
    }

    private Blob uploadDirectly(Affix affix, byte[] body, String declaredType) throws IOException, InterruptedException {
        Blob blob = affix.blobs().createBeforeDirectUpload("upload.bin", body.length, md5(body), declaredType, Map.of(), null);
        DirectUploadTarget target = affix.blobs().directUploadTarget(blob, Duration.ofMinutes(5));
        HttpRequest.Builder put = HttpRequest.newBuilder(target.url()).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        target.headers().forEach(put::header);
        HttpResponse<String> response = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return blob;
    }

    private HeadObjectResponse head(String key) {
        return s3.client().headObject(head -> head.bucket(S3ProxyServer.BUCKET).key(key));
    }

    private Affix affix(List<String> allowed) {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:direct-types-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        AffixConfig config = AffixConfig.builder()
                .secret("direct-upload-type-test-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null))
                .service("amazon", S3Service.TYPE, s3.settings("amazon", Map.of()).values())
                .defaultService("amazon")
                .endpointSetting("direct_uploads", Map.of("allowed_content_types", allowed))
                .attachment("User.avatar", Map.of("kind", "one"))
                .build();
        return Affix.builder(config).dataSource(database).jobRunner(new InlineJobRunner()).build();
    }

    private static Checksum md5(byte[] bytes) {
        try {
            return Checksum.of(ChecksumAlgorithm.MD5, MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.affix.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** A multipart upload that a killed process or an outage left open is aborted once idle long enough, and not before. */
class AbandonedMultipartUploadsTest {

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
    void openUploadsAreAbortedOnceIdleAndKeptWhileRecent() {
        String uploadId = s3.client().createMultipartUpload(create -> create.bucket(S3ProxyServer.BUCKET).key("cut/off")).uploadId();
        s3.client().uploadPart(part -> part.bucket(S3ProxyServer.BUCKET).key("cut/off").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(new byte[1024]));
        try (S3Service service = s3.service("amazon", Map.of())) {
            assertThat(service.deleteAbandonedUploads(Duration.ofHours(1))).isZero();
            assertThat(s3.multipartUploads()).hasSize(1);

            assertThat(service.deleteAbandonedUploads(Duration.ZERO)).isEqualTo(1);

            assertThat(s3.multipartUploads()).isEmpty();
        }
    }
}

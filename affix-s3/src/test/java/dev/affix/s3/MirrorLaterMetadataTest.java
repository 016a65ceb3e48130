package dev.affix.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.Affix;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.InlineJobRunner;
import dev.affix.storage.UploadOptions;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A direct upload into a Mirror lands in its primary only; the copy that the mirror job makes later
 * must be served like the original: same type, filename and disposition, same custom metadata.
 */
class MirrorLaterMetadataTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1,
        0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89};

    @TempDir
    Path dir;
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
    void theMirroredCopyKeepsTypeFilenameAndCustomMetadata() {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:mirror-later-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        AffixConfig config = AffixConfig.builder()
                .secret("mirror-later-metadata-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null))
                .disk("local", dir.resolve("storage"))
                .service("amazon", S3Service.TYPE, s3.settings("amazon", Map.of()).values())
                .service("main", "Mirror", Map.of("primary", "local", "mirrors", List.of("amazon")))
                .defaultService("main")
                .attachment("User.avatar", Map.of("kind", "one"))
                .build();
        try (Affix affix = Affix.builder(config).dataSource(database).jobRunner(new InlineJobRunner()).build()) {
            Checksum md5 = Checksum.of(ChecksumAlgorithm.MD5, ChecksumAlgorithm.MD5.newDigest().digest(PNG));
            Blob blob = affix.blobs().createBeforeDirectUpload("me.png", PNG.length, md5, "image/png", Map.of("camera", "x100"), null);
            // the browser's PUT reaches the primary, as the Disk endpoint stores it
            affix.services().get("local").upload(blob.key(), new ByteArrayInputStream(PNG), UploadOptions.verifying(md5));

            affix.one(RecordRef.of("User", 1), "avatar").attachSigned(affix.blobs().signedId(blob));

            HeadObjectResponse copy = s3.client().headObject(head -> head.bucket(S3ProxyServer.BUCKET).key(blob.key()));
            assertThat(copy.contentType()).isEqualTo("image/png");
            assertThat(copy.contentDisposition()).contains("me.png");
            assertThat(copy.metadata()).containsEntry("camera", "x100");
        }
    }
}

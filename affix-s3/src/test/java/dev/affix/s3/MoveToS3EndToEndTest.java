package dev.affix.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.Affix;
import dev.affix.attachment.Attachable;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.blob.BlobCopier;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.InlineJobRunner;
import dev.affix.storage.StorageService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving an application from the Disk service to S3 without downtime, end to end: new uploads go to
 * a Mirror of Disk and S3, existing blobs are copied (each verified) and switched, and then S3 alone
 * serves everything.
 */
class MoveToS3EndToEndTest {

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
    void mirrorThenCopyThenSwitch() throws Exception {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:move-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Map<String, Object> amazon = new java.util.HashMap<>(s3.settings("amazon", Map.of()).values());

        List<Blob> old = new ArrayList<>();
        try (Affix before = affix(database, "local", amazon)) {
            for (int i = 0; i < 3; i++) {
                old.add(before.one(RecordRef.of("User", i), "avatar").attach(("before " + i).getBytes(StandardCharsets.UTF_8), i + ".txt").blob());
            }
            assertThat(old).allSatisfy(blob -> assertThat(blob.serviceName()).isEqualTo("local"));
        }

        Blob mirrored;
        try (Affix during = affix(database, "main", amazon)) {
            mirrored = during.one(RecordRef.of("User", 10), "avatar").attach("during".getBytes(StandardCharsets.UTF_8), "d.txt").blob();
            assertThat(during.services().get("local").exists(mirrored.key())).isTrue();
            assertThat(during.services().get("amazon").exists(mirrored.key())).isTrue();

            BlobCopier.Summary copied = during.copier().copy("local", "amazon", true, outcome -> { });
            assertThat(copied).isEqualTo(new BlobCopier.Summary(3, 0, 0, 3));
            BlobCopier.Summary mirrorRows = during.copier().copy("main", "amazon", true, outcome -> { });
            assertThat(mirrorRows).isEqualTo(new BlobCopier.Summary(0, 1, 0, 1));
        }

        try (Affix after = affix(database, "amazon", amazon)) {
            StorageService s3Service = after.services().get("amazon");
            for (Blob blob : old) {
                Blob now = after.blobs().require(blob.id());
                assertThat(now.serviceName()).isEqualTo("amazon");
                assertThat(s3Service.exists(now.key())).isTrue();
                try (var in = after.blobs().download(now)) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("before ");
                }
            }
            assertThat(after.blobs().require(mirrored.id()).serviceName()).isEqualTo("amazon");
            assertThat(after.many(RecordRef.of("Post", 1), "files").attach(Attachable.bytes(new byte[] {1, 2, 3}, "n.bin")).get(0)
                    .blob().serviceName()).isEqualTo("amazon");
            assertThat(after.audit().verify(null, problem -> { }, blob -> { }).problems()).isZero();
        }
    }

    private Affix affix(JdbcDataSource database, String defaultService, Map<String, Object> amazon) {
        AffixConfig config = AffixConfig.builder()
                .secret("move-to-s3-test-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null))
                .disk("local", dir.resolve("storage"))
                .service("amazon", S3Service.TYPE, amazon)
                .service("main", "Mirror", Map.of("primary", "local", "mirrors", List.of("amazon")))
                .defaultService(defaultService)
                .attachment("User.avatar", Map.of("kind", "one"))
                .attachment("Post.files", Map.of("kind", "many"))
                .build();
        return Affix.builder(config).dataSource(database).jobRunner(new InlineJobRunner()).build();
    }
}

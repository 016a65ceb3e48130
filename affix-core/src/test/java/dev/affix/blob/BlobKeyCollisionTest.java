package dev.affix.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.attachment.RecordRef;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.db.DatabaseException;
import dev.affix.job.InlineJobRunner;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.StorageService;
import dev.affix.storage.TempDownload;
import dev.affix.storage.UploadOptions;
import dev.affix.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A new blob whose key is already another blob's (a custom key) is refused without touching the
 * other blob's bytes or rows, on H2, PostgreSQL and MariaDB, in a Disk service and in a Mirror.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class BlobKeyCollisionTest {

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private String prefix;
    private Affix affix;

    @BeforeEach
    void start() {
        prefix = "t" + Long.toString(System.nanoTime(), 36) + "_";
        pool = database.open(prefix);
        AffixConfig config = AffixConfig.builder()
                .secret("collision-test-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix))
                .disk("local", dir.resolve("local"))
                .disk("copy", dir.resolve("copy"))
                .service("both", "Mirror", Map.of("primary", "local", "mirrors", List.of("copy")))
                .attachment("Doc.file", Map.of("kind", "one", "keys", "docs/{record_id}/{random}"))
                .build();
        affix = Affix.builder(config).dataSource(pool).jobRunner(new InlineJobRunner()).build();
    }

    @AfterEach
    void stop() throws Exception {
        affix.close();
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    @Test
    void aCustomKeyThatIsAnotherBlobsKeyIsRefusedAndItsBytesStayIntact() throws IOException {
        Blob first = affix.one(RecordRef.of("Doc", 1), "file").attach(text("the first blob's bytes"), "first.txt").blob();
        List<Blob> rowsBefore = allBlobs();

        assertThatThrownBy(() -> affix.blobs().create(text("an impostor"), NewBlob.named("second.txt").withKey(first.key())))
                .isInstanceOf(KeyExistsException.class)
                .hasMessageContaining("'local'")
                .hasMessageContaining(first.key())
                .hasMessageContaining("nothing was changed");

        assertThat(allBlobs()).isEqualTo(rowsBefore);
        try (TempDownload verified = affix.blobs().open(first)) {
            assertThat(Files.readString(verified.path())).isEqualTo("the first blob's bytes");
        }
    }

    @Test
    void aKeyTakenInAMirrorIsRefusedThereAndUndoneInThePrimaryOnly() throws IOException {
        StorageService copy = affix.services().get("copy");
        String key = "taken/in/the/mirror";
        copy.upload(key, text("the mirror's own object"), UploadOptions.defaults());

        assertThatThrownBy(() -> affix.blobs().create(text("new bytes"), NewBlob.named("n.txt").inService("both").withKey(key)))
                .isInstanceOf(KeyExistsException.class)
                .hasMessageContaining("'copy'");

        assertThat(allBlobs()).isEmpty();
        assertThat(affix.services().get("local").exists(key)).isFalse();
        try (InputStream in = copy.download(key)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("the mirror's own object");
        }
    }

    @Test
    void aRefusedKeyLeavesNoReservationThatCouldLaterDeleteTheObjectThere() throws IOException {
        StorageService local = affix.services().get("local");
        local.upload("put/by/hand", text("an object without a blob row"), UploadOptions.defaults());

        assertThatThrownBy(() -> affix.blobs().create(text("new bytes"), NewBlob.named("n.txt").withKey("put/by/hand")))
                .isInstanceOf(KeyExistsException.class);
        affix.blobs().deletePendingObjects(Instant.now().plus(Duration.ofDays(3)));

        try (InputStream in = local.download("put/by/hand")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("an object without a blob row");
        }
    }

    @Test
    void aRowThatCannotBeWrittenDeletesOnlyTheObjectThisCallStored() {
        byte[] declared = "reserved for a browser".getBytes(StandardCharsets.UTF_8);
        Checksum md5 = Checksum.of(ChecksumAlgorithm.MD5, ChecksumAlgorithm.MD5.newDigest().digest(declared));
        Blob reserved = affix.blobs().createBeforeDirectUpload("r.txt", declared.length, md5, "text/plain", Map.of(), null,
                "reserved/key");

        assertThatThrownBy(() -> affix.blobs().create(text("same key, no object yet"), NewBlob.named("s.txt").withKey("reserved/key")))
                .isInstanceOf(DatabaseException.class);

        assertThat(affix.services().defaultService().exists("reserved/key")).as("this call's own object is removed").isFalse();
        assertThat(allBlobs()).containsExactly(reserved);
    }

    private List<Blob> allBlobs() {
        return affix.blobs().page(null, 0, 100);
    }

    private static InputStream text(String value) {
        return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }
}

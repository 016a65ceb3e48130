package dev.affix.blob;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.InlineJobRunner;
import dev.affix.storage.ForwardingStorageService;
import dev.affix.storage.StorageService;
import dev.affix.storage.UploadOptions;
import dev.affix.testing.CapturedLog;
import dev.affix.testing.StoredFiles;
import dev.affix.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
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
 * A deletion is queued (a blob's row deleted, its object waiting in the pending deletions table), then
 * another blob row is made at the same key before the drain (an import adopting the object in place, a
 * Rails application sharing the tables): the drain keeps the bytes, says why, and clears the entry.
 * Services sharing storage (a Mirror and its members) count as one; services that do not, do not.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class SharedBytesTest {

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private String prefix;
    private Affix affix;
    private final List<String> pendingWhenDeleted = new ArrayList<>();

    @BeforeEach
    void start() {
        prefix = "t" + Long.toString(System.nanoTime(), 36) + "_";
        pool = database.open(prefix);
        AffixConfig config = AffixConfig.builder()
                .secret("shared-bytes-test-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix))
                .disk("local", dir.resolve("local"))
                .disk("backup", dir.resolve("backup"))
                .service("mirror", "Mirror", Map.of("primary", "local", "mirrors", List.of("backup")))
                .build();
        affix = Affix.builder(config).dataSource(pool).jobRunner(new InlineJobRunner()).serviceDecorator(this::recordingDeletes).build();
    }

    @AfterEach
    void stop() throws Exception {
        affix.close();
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    @Test
    void aBlobRowMadeAtTheKeyBeforeTheDrainKeepsTheBytesAndTheEntryIsCleared() throws Exception {
        String key = prefix + "same";
        queueDeletion("local", key);
        Blob adopter = rowAt("local", key);

        try (CapturedLog log = new CapturedLog()) {
            affix.blobs().deletePendingObjects();

            assertThat(log.linesWith("kept the object at key '" + key + "' of service 'local'"))
                    .singleElement().asString().contains("blob " + adopter.id() + " of service 'local' points at that key");
        }
        assertThat(affix.services().get("local").exists(key)).isTrue();
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).isEmpty();
    }

    @Test
    void aRowOfAMirrorKeepsTheBytesOfItsMember() throws Exception {
        String key = prefix + "member";
        queueDeletion("local", key);
        rowAt("mirror", key);

        affix.blobs().deletePendingObjects();

        assertThat(affix.services().get("local").exists(key)).as("the mirror's primary holds the adopted blob's bytes").isTrue();
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).isEmpty();
    }

    @Test
    void aRowOfAMemberKeepsTheBytesOfItsMirror() throws Exception {
        String key = prefix + "mirror";
        queueDeletion("mirror", key);
        rowAt("local", key);

        affix.blobs().deletePendingObjects();

        assertThat(affix.services().get("local").exists(key)).isTrue();
        assertThat(affix.services().get("backup").exists(key)).as("deleting through the mirror would delete both").isTrue();
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).isEmpty();
    }

    @Test
    void aRowOfAServiceSharingNoStorageLetsTheBytesGo() throws Exception {
        String key = prefix + "moved";
        queueDeletion("local", key);
        // a copy --switch moves rows to another service under the same key; the old bytes are garbage
        rowAt("backup", key);

        affix.blobs().deletePendingObjects();

        assertThat(affix.services().get("local").exists(key)).isFalse();
        assertThat(pendingWhenDeleted).as("the entry is removed only after the object is gone").containsExactly(key);
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).isEmpty();
    }

    @Test
    void deletingOneObjectGoesThroughTheSameCheck() {
        String kept = prefix + "kept";
        String unreferenced = prefix + "gone";
        store("local", kept);
        store("local", unreferenced);
        rowAt("mirror", kept);

        affix.jobs().enqueue(DeleteObjectJob.of("local", kept));
        affix.jobs().enqueue(DeleteObjectJob.of("local", unreferenced));

        assertThat(affix.services().get("local").exists(kept)).isTrue();
        assertThat(affix.services().get("local").exists(unreferenced)).isFalse();
        assertThat(pendingWhenDeleted).containsExactly(unreferenced);
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).isEmpty();
    }

    /** A blob with bytes at the key whose row is then deleted in a committed transaction, its object left to the drain. */
    private void queueDeletion(String service, String key) throws Exception {
        Blob blob = affix.blobs().create(new ByteArrayInputStream(bytes(key)), NewBlob.named("old.txt").inService(service).withKey(key));
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            assertThat(affix.blobs().deletion().delete(connection, blob)).hasSize(1);
            connection.commit();
        }
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).containsExactly(key);
    }

    private void store(String service, String key) {
        affix.services().get(service).upload(key, new ByteArrayInputStream(bytes(key)), UploadOptions.defaults());
    }

    /** Another blob row at the key, made without storing anything: what adopting an object in place does. */
    private Blob rowAt(String service, String key) {
        return affix.blobs().createBeforeDirectUpload("adopted.txt", bytes(key).length, null, "text/plain", Map.of(), service, key);
    }

    private StorageService recordingDeletes(StorageService service) {
        return new ForwardingStorageService(service) {
            @Override
            public void delete(String key) {
                if (StoredFiles.pendingDeletions(pool, prefix).contains(key)) {
                    pendingWhenDeleted.add(key);
                }
                super.delete(key);
            }
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

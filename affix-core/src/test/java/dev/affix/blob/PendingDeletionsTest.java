package dev.affix.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.AffixException;
import dev.affix.attachment.RecordRef;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.InlineJobRunner;
import dev.affix.job.Job;
import dev.affix.job.JobHandler;
import dev.affix.job.JobRunner;
import dev.affix.storage.ForwardingStorageService;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageService;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import dev.affix.testing.MovableClock;
import dev.affix.testing.StoredFiles;
import dev.affix.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bytes whose rows are gone are deleted even when the process stops right after the commit: the
 * deletion is a row of the same transaction, worked off after the commit, periodically and at the
 * next start. "Restarting" here is building a new Affix on the same database and Disk root, after an
 * Affix whose in-memory jobs never ran.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class PendingDeletionsTest {

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private String prefix;
    private final List<Affix> started = new ArrayList<>();

    @BeforeEach
    void open() {
        prefix = "t" + Long.toString(System.nanoTime(), 36) + "_";
        pool = database.open(prefix);
    }

    @AfterEach
    void drop() throws Exception {
        started.forEach(Affix::close);
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    @Test
    void bytesReplacedInTheCallersTransactionAreDeletedAtTheNextStartIfTheProcessStoppedFirst() throws Exception {
        Affix stopping = start(builder().jobRunner(new NeverRunningJobRunner()));
        Blob old = stopping.one(RecordRef.of("User", 1), "avatar").attach(bytes("old"), "old.txt").blob();
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            stopping.using(connection).one(RecordRef.of("User", 1), "avatar").attach(bytes("new"), "new.txt");
            connection.commit();
        }
        stopping.close();
        assertThat(objects()).as("the process stopped before deleting the old bytes").hasSize(2);

        Affix restarted = start(builder().jobRunner(new InlineJobRunner()));

        assertThat(restarted.services().get("local").exists(old.key())).isFalse();
        assertThat(objects()).hasSize(1);
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).isEmpty();
    }

    @Test
    void aReplaceRolledBackInTheCallersTransactionKeepsTheOldBytesAndRecordsNoDeletion() throws Exception {
        Affix affix = start(builder().jobRunner(new InlineJobRunner()));
        Blob old = affix.one(RecordRef.of("User", 1), "avatar").attach(bytes("old"), "old.txt").blob();
        Blob replacement;
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            replacement = affix.using(connection).one(RecordRef.of("User", 1), "avatar").attach(bytes("new"), "new.txt").blob();
            connection.rollback();
        }
        affix.blobs().deletePendingObjects();

        assertThat(StoredFiles.pendingDeletions(pool, prefix)).isEmpty();
        assertThat(affix.one(RecordRef.of("User", 1), "avatar").blob()).get().extracting(Blob::id).isEqualTo(old.id());
        assertThat(affix.services().get("local").exists(old.key())).isTrue();
        assertThat(affix.blobs().unattached(Instant.now().plusSeconds(1), 10)).extracting(Blob::id)
                .as("the replacement is an unattached blob, for cleanup").containsExactly(replacement.id());
    }

    @Test
    void aFailedDeletionStaysRecordedAndIsRetriedWithBackoffUntilItSucceeds() {
        AtomicBoolean storageDown = new AtomicBoolean();
        MovableClock clock = new MovableClock();
        Affix affix = start(builder().jobRunner(new InlineJobRunner()).clock(clock).serviceDecorator(failingDeletes(storageDown)));
        Blob old = affix.one(RecordRef.of("User", 1), "avatar").attach(bytes("old"), "old.txt").blob();

        storageDown.set(true);
        affix.one(RecordRef.of("User", 1), "avatar").attach(bytes("new"), "new.txt");
        assertThat(attemptsAndError()).isEqualTo("1: deleting is down");

        assertThat(affix.blobs().deletePendingObjects()).as("not due again yet").isEqualTo(new ByteJanitor.Drained(0, 0));
        clock.advance(Duration.ofMinutes(1));
        assertThat(affix.blobs().deletePendingObjects()).isEqualTo(new ByteJanitor.Drained(0, 1));
        assertThat(attemptsAndError()).isEqualTo("2: deleting is down");
        clock.advance(Duration.ofSeconds(59));
        assertThat(affix.blobs().deletePendingObjects()).as("the wait doubled").isEqualTo(new ByteJanitor.Drained(0, 0));
        assertThat(affix.services().get("local").exists(old.key())).isTrue();

        storageDown.set(false);
        affix.close();
        clock.advance(Duration.ofMinutes(1));
        Affix restarted = start(builder().jobRunner(new InlineJobRunner()).clock(clock));

        assertThat(restarted.services().get("local").exists(old.key())).isFalse();
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).isEmpty();
    }

    @Test
    void bytesUploadedByAProcessThatStoppedBeforeRecordingTheirBlobAreDeletedByCleanup() {
        Affix crashing = start(builder().jobRunner(new InlineJobRunner()).serviceDecorator(crashAfterUpload()));
        assertThatThrownBy(() -> crashing.one(RecordRef.of("User", 1), "avatar").attach(bytes("orphan"), "o.txt"))
                .isInstanceOf(SimulatedCrash.class);
        crashing.close();
        assertThat(objects()).as("bytes in storage, and no blob row").hasSize(1);

        Affix restarted = start(builder().jobRunner(new InlineJobRunner()));
        assertThat(objects()).as("an upload may take hours: a start leaves its reservation alone").hasSize(1);
        restarted.blobs().deletePendingObjects(Instant.now());

        assertThat(objects()).isEmpty();
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).isEmpty();
    }

    @Test
    void anUploadThatACleanupCountedAsAbandonedFailsAndLeavesNothing() {
        AtomicReference<Affix> affix = new AtomicReference<>();
        UnaryOperator<StorageService> cleanupMidUpload = service -> new ForwardingStorageService(service) {
            @Override
            public StoredObject upload(String key, InputStream in, UploadOptions options) {
                StoredObject stored = super.upload(key, in, options);
                affix.get().blobs().deletePendingObjects(Instant.now().plusSeconds(1));
                return stored;
            }
        };
        affix.set(start(builder().jobRunner(new InlineJobRunner()).serviceDecorator(cleanupMidUpload)));

        assertThatThrownBy(() -> affix.get().one(RecordRef.of("User", 1), "avatar").attach(bytes("slow"), "s.txt"))
                .isInstanceOf(AffixException.class).hasMessageContaining("taken for abandoned by a cleanup");

        assertThat(affix.get().one(RecordRef.of("User", 1), "avatar").attached()).isFalse();
        assertThat(affix.get().blobs().unattached(Instant.now().plusSeconds(1), 10)).isEmpty();
        assertThat(objects()).isEmpty();
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).isEmpty();
    }

    @Test
    void theInProcessRunnerWorksOffDeletionsCommittedInTheCallersTransactionPeriodically() throws Exception {
        Affix affix = start(builder().pendingDeletionsEvery(Duration.ofMillis(100)));
        Blob blob = affix.one(RecordRef.of("User", 1), "avatar").attach(bytes("periodic"), "p.txt").blob();
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            affix.using(connection).one(RecordRef.of("User", 1), "avatar").purge();
            connection.commit();
        }

        // the object goes first, its entry right after, in a transaction of its own
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((affix.services().get("local").exists(blob.key()) || !StoredFiles.pendingDeletions(pool, prefix).isEmpty())
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(affix.services().get("local").exists(blob.key())).isFalse();
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).isEmpty();
    }

    @Test
    void bytesAtAKeyThatARowNamesAgainAreKeptAndNoNewUploadTakesTheKeyBeforeThen() throws Exception {
        Affix affix = start(builder().jobRunner(new InlineJobRunner()));
        String key = "reused/" + prefix;
        affix.one(RecordRef.of("User", 1), "avatar").attach(affix.blobs().create(new ByteArrayInputStream(bytes("first")),
                NewBlob.named("a.txt").withKey(key)));
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            affix.using(connection).one(RecordRef.of("User", 1), "avatar").purge();
            connection.commit();
        }
        // the old bytes still wait for their deletion: an upload may not take their key
        assertThatThrownBy(() -> affix.blobs().create(new ByteArrayInputStream(bytes("second")), NewBlob.named("b.txt").withKey(key)))
                .isInstanceOf(KeyExistsException.class);
        byte[] declared = bytes("second");
        Blob named = affix.blobs().createBeforeDirectUpload("b.txt", declared.length,
                Checksum.of(ChecksumAlgorithm.MD5, ChecksumAlgorithm.MD5.newDigest().digest(declared)), "text/plain", Map.of(), null, key);

        affix.blobs().deletePendingObjects();

        assertThat(StoredFiles.pendingDeletions(pool, prefix)).isEmpty();
        assertThat(affix.services().get("local").exists(named.key())).as("bytes at a key that a row names").isTrue();
    }

    @Test
    void theRailsPresetGetsThePendingDeletionsTableToo() throws Exception {
        String rails = prefix + "active_storage_";
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : railsTables(rails)) {
                statement.execute(sql);
            }
        }
        AffixConfig config = config(rails, dir.resolve("rails"));
        try (Affix affix = Affix.builder(config).dataSource(pool).jobRunner(new InlineJobRunner()).build()) {
            affix.one(RecordRef.of("User", 1), "avatar").attach(bytes("a"), "a.txt");
            affix.one(RecordRef.of("User", 1), "avatar").attach(bytes("b"), "b.txt");
        }
        assertThat(StoredFiles.pendingDeletions(pool, rails)).isEmpty();
        assertThat(StoredFiles.objects(dir.resolve("rails"))).hasSize(1);
    }

    /** The three tables of a Rails application's Active Storage, made by Rails rather than by Affix. */
    private List<String> railsTables(String rails) {
        String key = database == TestDatabase.MARIADB ? "`key`" : database == TestDatabase.H2 ? "\"key\"" : "key";
        String id = database == TestDatabase.MARIADB ? "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY"
                : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
        String time = database == TestDatabase.MARIADB ? "DATETIME(6)" : "TIMESTAMP(6)";
        return List.of(
                "CREATE TABLE " + rails + "blobs (id " + id + ", " + key + " VARCHAR(255) NOT NULL, filename VARCHAR(255) NOT NULL, "
                        + "content_type VARCHAR(255), metadata TEXT, service_name VARCHAR(255) NOT NULL, byte_size BIGINT NOT NULL, "
                        + "checksum VARCHAR(255), created_at " + time + " NOT NULL)",
                "CREATE TABLE " + rails + "attachments (id " + id + ", name VARCHAR(255) NOT NULL, record_type VARCHAR(255) NOT NULL, "
                        + "record_id BIGINT NOT NULL, blob_id BIGINT NOT NULL, created_at " + time + " NOT NULL)",
                "CREATE TABLE " + rails + "variant_records (id " + id + ", blob_id BIGINT NOT NULL, "
                        + "variation_digest VARCHAR(255) NOT NULL)");
    }

    private Affix start(Affix.Builder builder) {
        Affix affix = builder.build();
        started.add(affix);
        return affix;
    }

    private Affix.Builder builder() {
        return Affix.builder(config(prefix, dir.resolve("storage"))).dataSource(pool);
    }

    private static AffixConfig config(String tablePrefix, Path root) {
        return AffixConfig.builder()
                .secret("pending-deletions-test-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(tablePrefix))
                .disk("local", root)
                .attachment("User.avatar", Map.of("kind", "one", "dependent", "purge"))
                .build();
    }

    private List<Path> objects() {
        return StoredFiles.objects(dir.resolve("storage"));
    }

    /** The one pending deletion's attempts and last error, as "attempts: error". */
    private String attemptsAndError() {
        try (Connection connection = pool.getConnection(); Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT attempts, last_error FROM " + prefix + "pending_deletions")) {
            assertThat(rows.next()).isTrue();
            String value = rows.getInt(1) + ": " + rows.getString(2).replaceFirst("^.*: ", "");
            assertThat(rows.next()).as("one pending deletion").isFalse();
            return value;
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static UnaryOperator<StorageService> failingDeletes(AtomicBoolean down) {
        return service -> new ForwardingStorageService(service) {
            @Override
            public void delete(String key) {
                if (down.get()) {
                    throw new StorageException("deleting is down");
                }
                super.delete(key);
            }
        };
    }

    private static UnaryOperator<StorageService> crashAfterUpload() {
        return service -> new ForwardingStorageService(service) {
            @Override
            public StoredObject upload(String key, InputStream in, UploadOptions options) {
                super.upload(key, in, options);
                throw new SimulatedCrash();
            }
        };
    }

    /** The process dying between two statements: an Error, which no catch block for exceptions handles. */
    private static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("the process stops here");
        }
    }

    /**
     * A runner whose queue is lost, like an in-memory queue when the JVM is killed: a stand-in, since
     * no real runner drops work on purpose.
     */
    private static final class NeverRunningJobRunner implements JobRunner {
        @Override
        public void start(Map<String, JobHandler> handlers) {
        }

        @Override
        public void enqueue(Job job) {
        }

        @Override
        public void close() {
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

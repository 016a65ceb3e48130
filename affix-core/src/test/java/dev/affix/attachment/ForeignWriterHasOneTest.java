package dev.affix.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.blob.Blob;
import dev.affix.blob.NewBlob;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.InlineJobRunner;
import dev.affix.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A has-one slot that another writer changes with plain SQL, as a Rails application does (it reads
 * the attachment, deletes it and inserts its own, in a transaction of its own, never touching the
 * slots table): Affix's attach still ends with one attachment, the one both read. And the slots
 * table keeps a row only while its slot has attachments.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class ForeignWriterHasOneTest {

    private static final RecordRef USER = RecordRef.of("User", 7);

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private String prefix;
    private Affix affix;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void start() {
        prefix = "fw" + Long.toString(System.nanoTime(), 36) + "_";
        pool = database.open(prefix);
        AffixConfig config = AffixConfig.builder()
                .secret("foreign-writer-test-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix))
                .disk("local", dir.resolve("storage"))
                .attachment("User.avatar", Map.of("kind", "one"))
                .attachment("User.photos", Map.of("kind", "many"))
                .build();
        affix = Affix.builder(config).dataSource(pool).jobRunner(new InlineJobRunner()).build();
    }

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        affix.close();
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    @Test
    void anAttachWhileAnotherWriterReplacesTheAttachmentEndsWithOneTheAttachOfAffix() throws Exception {
        affix.one(USER, "avatar").attach(bytes("first"), "first.txt");
        Blob theirs = unattachedBlob("theirs");

        Future<Blob> ours;
        try (Connection writer = pool.getConnection()) {
            writer.setAutoCommit(false);
            replaceLikeRails(writer, theirs);
            // Affix's attach has to wait for the writer's row lock on the attachment it deleted
            ours = threads.submit(() -> affix.one(USER, "avatar").attach(bytes("ours"), "ours.txt").blob());
            assertThat(stillWaiting(ours)).as("the attach waits for the writer's transaction").isTrue();
            writer.commit();
        }

        Blob attached = ours.get(30, TimeUnit.SECONDS);
        assertThat(attachmentsOfTheSlot()).containsExactly(attached.id());
        assertThat(whatAPlainQueryShows()).isEqualTo(attached.id());
        assertThat(affix.one(USER, "avatar").blob()).map(Blob::id).contains(attached.id());
        assertThat(affix.blobs().find(theirs.id())).as("the replaced blob is purged").isEmpty();
    }

    @Test
    void anotherWriterThatReplacesTheAttachmentAfterAffixLockedItEndsWithOneItsOwn() throws Exception {
        affix.one(USER, "avatar").attach(bytes("first"), "first.txt");
        Blob theirs = unattachedBlob("theirs");

        Future<Void> writing;
        try (Connection caller = pool.getConnection()) {
            caller.setAutoCommit(false);
            // Affix changes the slot in the caller's transaction, which stays open meanwhile
            affix.using(caller).one(USER, "avatar").attach(bytes("ours"), "ours.txt");
            writing = threads.submit(() -> {
                try (Connection writer = pool.getConnection()) {
                    writer.setAutoCommit(false);
                    replaceLikeRails(writer, theirs);
                    writer.commit();
                }
                return null;
            });
            assertThat(stillWaiting(writing)).as("the writer waits for Affix's row lock").isTrue();
            caller.commit();
        }

        writing.get(30, TimeUnit.SECONDS);
        assertThat(attachmentsOfTheSlot()).hasSize(1);
        assertThat(whatAPlainQueryShows()).isEqualTo(theirs.id());
        assertThat(affix.one(USER, "avatar").blob()).map(Blob::id).contains(theirs.id());
    }

    @Test
    void attachmentsAnotherWriterCommittedBeforeAreReplacedToo() throws Exception {
        affix.one(USER, "avatar").attach(bytes("first"), "first.txt");
        try (Connection writer = pool.getConnection()) {
            // a writer that inserts without deleting what is there leaves two
            insertAttachment(writer, unattachedBlob("second").id());
        }
        assertThat(attachmentsOfTheSlot()).hasSize(2);

        Blob ours = affix.one(USER, "avatar").attach(bytes("ours"), "ours.txt").blob();

        assertThat(attachmentsOfTheSlot()).containsExactly(ours.id());
    }

    @Test
    void theSlotRowGoesWithTheLastAttachmentAndComesBackWithTheNext() throws Exception {
        HasOne avatar = affix.one(USER, "avatar");
        HasMany photos = affix.many(USER, "photos");

        avatar.attach(bytes("a"), "a.txt");
        photos.attach(Attachable.bytes(bytes("p1"), "1.txt"), Attachable.bytes(bytes("p2"), "2.txt"));
        assertThat(slotRows()).isEqualTo(2);

        photos.detach(photos.blobs().get(0));
        assertThat(slotRows()).as("one photo is left").isEqualTo(2);
        photos.purge();
        avatar.detach();
        assertThat(slotRows()).isZero();

        avatar.attach(bytes("b"), "b.txt");
        assertThat(slotRows()).isEqualTo(1);
        assertThat(avatar.attached()).isTrue();
    }

    @Test
    void concurrentAttachesAndDetachesOfOneSlotTakeTurns() throws Exception {
        int rounds = 15;
        List<Future<?>> work = new ArrayList<>();
        for (int writer = 0; writer < 4; writer++) {
            int id = writer;
            work.add(threads.submit(() -> {
                for (int round = 0; round < rounds; round++) {
                    HasOne avatar = affix.one(USER, "avatar");
                    if ((round + id) % 2 == 0) {
                        avatar.attach(bytes("w" + id + "r" + round), "a.txt");
                    } else {
                        avatar.purge();
                    }
                }
                return null;
            }));
        }
        for (Future<?> done : work) {
            done.get(60, TimeUnit.SECONDS);
        }

        int attachments = attachmentsOfTheSlot().size();
        assertThat(attachments).isLessThanOrEqualTo(1);
        assertThat(slotRows()).as("a slot row exactly when the slot has an attachment").isEqualTo(attachments);
        affix.one(USER, "avatar").attach(bytes("last"), "last.txt");
        assertThat(attachmentsOfTheSlot()).hasSize(1);
        assertThat(slotRows()).isEqualTo(1);
    }

    /** What Rails' has_one replacement does: read the attachment, delete it, insert its own (the transaction stays open). */
    private void replaceLikeRails(Connection writer, Blob blob) throws SQLException {
        Long target = whatAPlainQueryShows(writer);
        if (target != null) {
            try (PreparedStatement delete = writer.prepareStatement("DELETE FROM " + prefix + "attachments WHERE id = ?")) {
                delete.setLong(1, attachmentIdOf(writer, target));
                delete.executeUpdate();
            }
        }
        insertAttachment(writer, blob.id());
    }

    private long attachmentIdOf(Connection connection, long blobId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT id FROM " + prefix
                + "attachments WHERE record_type = 'User' AND record_id = '7' AND name = 'avatar' AND blob_id = ?")) {
            query.setLong(1, blobId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private void insertAttachment(Connection writer, long blobId) throws SQLException {
        try (PreparedStatement insert = writer.prepareStatement("INSERT INTO " + prefix
                + "attachments (name, record_type, record_id, blob_id, created_at) VALUES ('avatar', 'User', '7', ?, ?)")) {
            insert.setLong(1, blobId);
            insert.setTimestamp(2, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
    }

    /** The blob id Rails' {@code record.avatar} reads: the first row its query happens to return. */
    private Long whatAPlainQueryShows() throws SQLException {
        try (Connection connection = pool.getConnection()) {
            return whatAPlainQueryShows(connection);
        }
    }

    private Long whatAPlainQueryShows(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT blob_id FROM " + prefix
                + "attachments WHERE record_type = 'User' AND record_id = '7' AND name = 'avatar' LIMIT 1");
             ResultSet rows = query.executeQuery()) {
            return rows.next() ? rows.getLong(1) : null;
        }
    }

    private List<Long> attachmentsOfTheSlot() throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT blob_id FROM " + prefix
                     + "attachments WHERE record_type = 'User' AND record_id = '7' AND name = 'avatar' ORDER BY id");
             ResultSet rows = query.executeQuery()) {
            List<Long> blobIds = new ArrayList<>();
            while (rows.next()) {
                blobIds.add(rows.getLong(1));
            }
            return blobIds;
        }
    }

    private int slotRows() throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM " + prefix + "attachment_slots");
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private Blob unattachedBlob(String content) {
        return affix.blobs().create(new ByteArrayInputStream(bytes(content)), NewBlob.named(content + ".txt"));
    }

    /** Whether the work is still blocked a while after it started: it waits for a lock. */
    private static boolean stillWaiting(Future<?> work) throws InterruptedException {
        Thread.sleep(700);
        return !work.isDone();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

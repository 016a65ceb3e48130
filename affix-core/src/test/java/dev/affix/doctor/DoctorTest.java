package dev.affix.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.attachment.Attachable;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.blob.NewBlob;
import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.InlineJobRunner;
import dev.affix.json.Json;
import dev.affix.storage.ForwardingStorageService;
import dev.affix.storage.StorageService;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import dev.affix.testing.MovableClock;
import dev.affix.testing.StoredFiles;
import dev.affix.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * The doctor on each database: every kind of problem found, repaired in a logged way, and taken back
 * with the log. The record table ({@code PREFIX_users}, numeric ids) is the application's own, made by
 * the test; blobs are made two days before the doctor runs, old enough for the missing-bytes check.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class DoctorTest {

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private String prefix;
    private final MovableClock clock = new MovableClock();
    private Affix affix;

    @BeforeEach
    void open() throws SQLException {
        prefix = "t" + Long.toString(System.nanoTime(), 36) + "_";
        pool = database.open(prefix);
        sql("CREATE TABLE " + prefix + "users (id BIGINT PRIMARY KEY)");
        sql("INSERT INTO " + prefix + "users (id) VALUES (1), (2)");
    }

    @AfterEach
    void drop() throws Exception {
        if (affix != null) {
            affix.close();
        }
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    @Test
    void aHealthyServiceHasNothingToReportAndItsOwnObjectsAreNotUnknown() {
        start(UnaryOperator.identity());
        attachOne(1, "a");
        attachMany(2, "b");
        store("affix-check/" + prefix, "a probe a killed check left");
        clock.advance(Duration.ofDays(2));

        DoctorReport report = affix.doctor().examine(null, 10);

        assertThat(report.problemsLeft()).isZero();
        assertThat(report.objectsListed()).isEqualTo(3);
        assertThat(report.blobsChecked()).isEqualTo(2);
        assertThat(report.fixLog()).isNull();
        assertThat(affix.doctor().repair(null, 10, dir.resolve("nothing.jsonl")).fixLog()).as("an empty log is not kept").isNull();
        assertThat(dir.resolve("nothing.jsonl")).doesNotExist();
    }

    @Test
    void aHasOneSlotWithSeveralAttachmentsKeepsTheNewestAndUndoBringsTheOthersBack() throws Exception {
        start(UnaryOperator.identity());
        Attachment kept = attachOne(1, "first");
        Blob second = blob("second");
        long extra = insertAttachment("avatar", "1", second.id());
        Attachment untouched = attachOne(2, "alone");
        clock.advance(Duration.ofDays(2));

        DoctorReport found = affix.doctor().examine(null, 10);
        assertThat(found.hasOneDuplicates().found()).isEqualTo(1);
        assertThat(found.hasOneDuplicates().samples()).singleElement()
                .satisfies(sample -> assertThat(sample).containsEntry("record", "User:1").containsEntry("kept_attachment_id", extra)
                        .containsEntry("attachment_ids", List.of(kept.id(), extra)));
        assertThat(slot(1)).hasSize(2);

        Path log = dir.resolve("fix.jsonl");
        DoctorReport repaired = affix.doctor().repair(null, 10, log);

        assertThat(repaired.hasOneDuplicates().fixed()).isEqualTo(1);
        assertThat(repaired.problemsLeft()).isZero();
        assertThat(slot(1)).extracting(Attachment::id).as("the newest stays").containsExactly(extra);
        assertThat(slot(2)).extracting(Attachment::id).containsExactly(untouched.id());
        assertThat(affix.blobs().find(kept.blob().id())).as("a detached blob is kept").isPresent();
        assertThat(Files.readAllLines(log)).hasSize(2).last().asString().contains("\"reason\":\"has_one_duplicate\"")
                .contains("\"id\":" + kept.id() + ",");

        UndoReport undone = affix.doctor().undo(log, 10);

        assertThat(undone.restoredAttachments()).isEqualTo(1);
        assertThat(undone.failed()).isZero();
        assertThat(slot(1)).extracting(Attachment::id).containsExactly(kept.id(), extra);
        assertThat(slot(1).get(0).createdAt()).isEqualTo(kept.createdAt());
        assertThat(affix.doctor().undo(log, 10).alreadyInPlace()).as("a second undo changes nothing").isEqualTo(1);
        assertThat(slot(1)).hasSize(2);
    }

    @Test
    void attachmentsWhoseRecordIsGoneAreDetachedAndUndoBringsThemBack() throws Exception {
        start(UnaryOperator.identity());
        attachOne(1, "kept");
        Attachment lostOne = attachOne(3, "orphan avatar");
        Attachment lostMany = attachMany(4, "orphan file");
        attachMany(2, "kept file");
        clock.advance(Duration.ofDays(2));

        DoctorReport found = affix.doctor().examine(null, 10);
        assertThat(found.orphanAttachments().found()).isEqualTo(2);
        assertThat(found.orphanAttachments().samples()).extracting(sample -> sample.get("record")).containsExactlyInAnyOrder("User:3", "User:4");

        Path log = dir.resolve("orphans.jsonl");
        DoctorReport repaired = affix.doctor().repair(null, 10, log);

        assertThat(repaired.orphanAttachments().fixed()).isEqualTo(2);
        assertThat(affix.one(RecordRef.of("User", 3), "avatar").attached()).isFalse();
        assertThat(affix.many(RecordRef.of("User", 4), "files").attachments()).isEmpty();
        assertThat(affix.one(RecordRef.of("User", 1), "avatar").attached()).isTrue();
        assertThat(affix.blobs().find(lostOne.blob().id())).isPresent();
        assertThat(affix.doctor().examine(null, 10).problemsLeft()).isZero();

        UndoReport undone = affix.doctor().undo(log, 10);

        assertThat(undone.restoredAttachments()).isEqualTo(2);
        assertThat(affix.one(RecordRef.of("User", 3), "avatar").attachment()).get().extracting(Attachment::id).isEqualTo(lostOne.id());
        assertThat(affix.many(RecordRef.of("User", 4), "files").attachments()).extracting(Attachment::id).containsExactly(lostMany.id());
    }

    @Test
    void blobsWhoseBytesAreMissingAreReportedAndNoRowChanges() throws Exception {
        start(UnaryOperator.identity());
        attachOne(1, "present");
        Attachment lost = attachMany(2, "lost");
        clock.advance(Duration.ofDays(2));
        // a direct upload on its way: a young row without bytes is not missing anything yet
        affix.blobs().createBeforeDirectUpload("coming.txt", 5, null, "text/plain", Map.of(), null, prefix + "coming");
        local().delete(lost.blob().key());

        DoctorReport found = affix.doctor().examine(null, 10);

        assertThat(found.missingBytes().found()).isEqualTo(1);
        assertThat(found.missingBytes().samples()).singleElement().satisfies(sample -> assertThat(sample)
                .containsEntry("blob_id", lost.blob().id()).containsEntry("key", lost.blob().key()).containsEntry("attached", true));
        assertThat(found.blobsChecked()).isEqualTo(2);

        DoctorReport repaired = affix.doctor().repair(null, 10, dir.resolve("missing.jsonl"));
        assertThat(repaired.missingBytes().found()).isEqualTo(1);
        assertThat(repaired.missingBytes().fixed()).isZero();
        assertThat(repaired.problemsLeft()).isEqualTo(1);
        assertThat(affix.many(RecordRef.of("User", 2), "files").attachments()).extracting(Attachment::id).containsExactly(lost.id());
    }

    @Test
    void objectsNoBlobReferencesAreQuarantinedAndUndoPutsThemBack() throws Exception {
        start(UnaryOperator.identity());
        attachOne(1, "attached");
        Blob variantLike = affix.blobs().create(new ByteArrayInputStream(bytes("variant")),
                NewBlob.named("v.png").withKey("variants/" + prefix + "/digest"));
        String stray = "legacy/" + prefix + "/stray.txt";
        store(stray, "left behind by an old migration");
        String reserved = prefix + "uploading";
        store(reserved, "an upload whose row is on its way");
        insertPendingDeletion(reserved, clock.instant().plus(Duration.ofDays(10)));
        clock.advance(Duration.ofDays(2));

        DoctorReport found = affix.doctor().examine(null, 10);
        assertThat(found.unknownObjects().found()).isEqualTo(1);
        assertThat(found.unknownObjects().samples()).singleElement().satisfies(sample -> assertThat(sample)
                .containsEntry("key", stray).containsEntry("byte_size", 31L));

        Path log = dir.resolve("objects.jsonl");
        DoctorReport repaired = affix.doctor().repair(null, 10, log);

        assertThat(repaired.unknownObjects().fixed()).isEqualTo(1);
        String quarantined = (String) repaired.unknownObjects().samples().get(0).get("quarantine_key");
        assertThat(quarantined).startsWith("affix-quarantine/").endsWith("/" + stray);
        assertThat(local().exists(stray)).isFalse();
        assertThat(read(quarantined)).isEqualTo("left behind by an old migration");
        assertThat(local().exists(variantLike.key())).isTrue();
        assertThat(local().exists(reserved)).isTrue();
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).as("the quarantine's deletion went through the table").containsExactly(reserved);
        assertThat(affix.doctor().examine(null, 10).unknownObjects().found()).as("the quarantine is not unknown").isZero();
        Map<String, Object> line = Json.readObject(Files.readAllLines(log).get(1));
        assertThat(line).containsEntry("fix", "quarantine").containsEntry("key", stray).containsEntry("quarantine_key", quarantined);

        UndoReport undone = affix.doctor().undo(log, 10);

        assertThat(undone.restoredObjects()).isEqualTo(1);
        assertThat(read(stray)).isEqualTo("left behind by an old migration");
        assertThat(local().exists(quarantined)).isFalse();
        assertThat(affix.doctor().undo(log, 10).alreadyInPlace()).isEqualTo(1);
    }

    @Test
    void anObjectABlobRowTakesWhileItIsQuarantinedStaysWhereItIs() throws Exception {
        String stray = "legacy/" + prefix + "/adopted.txt";
        AtomicReference<Affix> started = new AtomicReference<>();
        start(service -> new ForwardingStorageService(service) {
            @Override
            public StoredObject upload(String key, InputStream in, UploadOptions options) {
                StoredObject stored = super.upload(key, in, options);
                if (key.startsWith("affix-quarantine/")) {
                    // an import adopts the object between the doctor's look-up and its deletion
                    started.get().blobs().createBeforeDirectUpload("adopted.txt", 7, null, "text/plain", Map.of(), null, stray);
                }
                return stored;
            }
        });
        started.set(affix);
        store(stray, "adopted");
        clock.advance(Duration.ofDays(2));

        Path log = dir.resolve("adopted.jsonl");
        DoctorReport repaired = affix.doctor().repair(null, 10, log);

        assertThat(repaired.unknownObjects().found()).isZero();
        assertThat(read(stray)).isEqualTo("adopted");
        assertThat(StoredFiles.objects(dir.resolve("local"))).as("the copy is gone again").hasSize(1);
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).isEmpty();
        assertThat(affix.doctor().undo(log, 10).failed()).isZero();
        assertThat(read(stray)).isEqualTo("adopted");
    }

    @Test
    void aMirrorsRowsHoldTheObjectsOfItsMembers() {
        start(UnaryOperator.identity());
        affix.blobs().create(new ByteArrayInputStream(bytes("mirrored")), NewBlob.named("m.txt").inService("mirror"));
        clock.advance(Duration.ofDays(2));

        assertThat(affix.doctor().examine("local", 10).unknownObjects().found()).isZero();
        assertThat(affix.doctor().examine("backup", 10).unknownObjects().found()).isZero();
        DoctorReport mirror = affix.doctor().examine("mirror", 10);
        assertThat(mirror.problemsLeft()).isZero();
        assertThat(mirror.blobsChecked()).isEqualTo(1);
    }

    @Test
    void aRecordTableThatIsNotThereIsRefusedBeforeAnythingIsRepaired() throws Exception {
        start(UnaryOperator.identity(), Map.of("record_table", prefix + "people"));
        attachOne(1, "first");
        insertAttachment("avatar", "1", blob("second").id());

        assertThatThrownBy(() -> affix.doctor().repair(null, 10, dir.resolve("refused.jsonl")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("record_table " + prefix + "people");

        assertThat(slot(1)).hasSize(2);
        assertThat(dir.resolve("refused.jsonl")).doesNotExist();
    }

    @Test
    void aLogOfOtherTablesIsRefusedAndNothingIsUndone() throws Exception {
        start(UnaryOperator.identity());
        Path log = Files.writeString(dir.resolve("other.jsonl"), """
                {"affix_doctor_log":1,"blobs_table":"other_blobs","service":"local","started_at":"2026-01-01T00:00:00Z"}
                """);

        assertThatThrownBy(() -> affix.doctor().undo(log, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other_blobs");
        Path broken = Files.writeString(dir.resolve("broken.jsonl"), "{\"affix_doctor_log\":1,\"blobs_table\":\"" + prefix
                + "blobs\"}\n{\"fix\":\"detach\",\"reason\":\"orphan\",\"attachment\":{\"id\":1}}\n");
        assertThatThrownBy(() -> affix.doctor().undo(broken, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
    }

    @Test
    void recordIdsOfEveryKindAreComparedWithTheRecordTable() throws Exception {
        sql("CREATE TABLE " + prefix + "accounts (uid VARCHAR(64) PRIMARY KEY)");
        sql("INSERT INTO " + prefix + "accounts (uid) VALUES ('8a6e0804-2bd0-4672-b79d-d97027f9071a')");
        start(UnaryOperator.identity(), Map.of("record_table", prefix + "accounts", "record_id_column", "uid"));
        attachOne("8a6e0804-2bd0-4672-b79d-d97027f9071a", "kept");
        attachOne("0c1ca7cf-0d5e-4b5f-9f3c-1e52b0a6a1b4", "orphan");

        DoctorReport report = affix.doctor().examine(null, 10);

        assertThat(report.orphanAttachments().found()).isEqualTo(1);
        assertThat(report.orphanAttachments().samples()).singleElement()
                .satisfies(sample -> assertThat(sample).containsEntry("record", "User:0c1ca7cf-0d5e-4b5f-9f3c-1e52b0a6a1b4"));
    }

    @Test
    void numericRecordIdsAreComparedWithTheRecordTable() {
        start(UnaryOperator.identity(), Map.of(), "BIGINT");
        attachOne(2, "kept");
        attachOne(7, "orphan");

        DoctorReport report = affix.doctor().examine(null, 10);

        assertThat(report.orphanAttachments().found()).isEqualTo(1);
        assertThat(report.orphanAttachments().samples()).extracting(sample -> sample.get("record")).containsExactly("User:7");
    }

    private void start(UnaryOperator<StorageService> decorator) {
        start(decorator, Map.of());
    }

    private void start(UnaryOperator<StorageService> decorator, Map<String, Object> recordTable) {
        start(decorator, recordTable, DatabaseSettings.DEFAULT_RECORD_ID_TYPE);
    }

    private void start(UnaryOperator<StorageService> decorator, Map<String, Object> recordTable, String recordIdType) {
        Map<String, Object> table = recordTable.isEmpty() ? Map.of("record_table", prefix + "users") : recordTable;
        AffixConfig config = AffixConfig.builder()
                .secret("doctor-test-secret-value")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix).withRecordIdType(recordIdType))
                .disk("local", dir.resolve("local"))
                .disk("backup", dir.resolve("backup"))
                .service("mirror", "Mirror", Map.of("primary", "local", "mirrors", List.of("backup")))
                .attachment("User.avatar", with(table, "kind", "one"))
                .attachment("User.files", with(table, "kind", "many"))
                .build();
        affix = Affix.builder(config).dataSource(pool).jobRunner(new InlineJobRunner()).clock(clock).serviceDecorator(decorator).build();
    }

    private static Map<String, Object> with(Map<String, Object> settings, String key, Object value) {
        Map<String, Object> all = new HashMap<>(settings);
        all.put(key, value);
        return all;
    }

    private Attachment attachOne(Object id, String text) {
        return affix.one(RecordRef.of("User", id), "avatar").attach(bytes(text), text + ".txt");
    }

    private Attachment attachMany(Object id, String text) {
        return affix.many(RecordRef.of("User", id), "files").attach(Attachable.bytes(bytes(text), text + ".txt")).get(0);
    }

    private List<Attachment> slot(Object id) {
        return affix.attachmentsOf("User", "avatar", List.of(id)).get(RecordRef.of("User", id));
    }

    private Blob blob(String text) {
        return affix.blobs().create(new ByteArrayInputStream(bytes(text)), NewBlob.named(text + ".txt"));
    }

    private StorageService local() {
        return affix.services().get("local");
    }

    private void store(String key, String text) {
        local().upload(key, new ByteArrayInputStream(bytes(text)), UploadOptions.defaults());
    }

    private String read(String key) throws Exception {
        try (InputStream in = local().download(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** An attachment row written behind Affix's back, as a racing writer or a Rails application might. */
    private long insertAttachment(String name, String recordId, long blobId) throws SQLException {
        try (Connection connection = pool.getConnection(); PreparedStatement insert = connection.prepareStatement("INSERT INTO " + prefix
                + "attachments (name, record_type, record_id, blob_id, created_at) VALUES (?, 'User', ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, name);
            insert.setString(2, recordId);
            insert.setLong(3, blobId);
            insert.setTimestamp(4, Timestamp.from(Instant.now()));
            insert.executeUpdate();
            try (var keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private void insertPendingDeletion(String key, Instant due) throws SQLException {
        String column = database == TestDatabase.MARIADB ? "`key`" : database == TestDatabase.H2 ? "\"key\"" : "key";
        try (Connection connection = pool.getConnection(); PreparedStatement insert = connection.prepareStatement("INSERT INTO " + prefix
                + "pending_deletions (service_name, " + column + ", created_at, attempts, next_attempt_at) VALUES ('local', ?, ?, 0, ?)")) {
            insert.setString(1, key);
            insert.setTimestamp(2, Timestamp.from(clock.instant()));
            insert.setTimestamp(3, Timestamp.from(due));
            insert.executeUpdate();
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement run = connection.createStatement()) {
            run.execute(statement);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.affix.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.attachment.RecordRef;
import dev.affix.attachment.UndeclaredAttachmentException;
import dev.affix.blob.Blob;
import dev.affix.blob.NewBlob;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.db.DatabaseException;
import dev.affix.importer.PaperclipTableFixture.Row;
import dev.affix.job.InlineJobRunner;
import dev.affix.storage.ForwardingStorageService;
import dev.affix.storage.StorageService;
import dev.affix.testing.CountingDataSource;
import dev.affix.testing.StoredFiles;
import dev.affix.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Importing a Paperclip table on each database: objects adopted where they lie (a flat Disk tree, as
 * Paperclip's public/system is) or copied, rows that cannot be imported reported one by one, and an
 * import that is killed, or run twice, never leaving a duplicate or a blob without its attachment.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class PaperclipImportTest {

    private static final LocalDateTime UPDATED = LocalDateTime.of(2019, 5, 17, 10, 30, 15);

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private String prefix;
    private String users;
    private PaperclipTableFixture table;
    private final List<Affix> started = new ArrayList<>();

    @BeforeEach
    void open() throws SQLException {
        prefix = "t" + Long.toString(System.nanoTime(), 36) + "_";
        users = prefix + "users";
        pool = database.open(prefix);
        table = new PaperclipTableFixture(pool, database, dir.resolve("public/system"));
        table.create(users, "BIGINT", true, "avatar", "cover");
    }

    @AfterEach
    void drop() throws Exception {
        started.forEach(Affix::close);
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    @Test
    void everyRowWithAFileBecomesABlobAtItsPaperclipKeyAndAnAttachment() throws IOException {
        String withFingerprint = "users/avatars/000/000/001/original/me.jpg";
        String withoutFingerprint = "users/avatars/000/000/002/original/photo.png";
        String withoutSize = "users/avatars/000/001/234/original/notes.txt";
        table.store(withFingerprint, "jpeg bytes");
        table.store(withoutFingerprint, "\u0089PNG\r\n\u001a\n not really");
        table.store(withoutSize, "plain notes");
        insert("avatar",
                new Row(1, "me.jpg", "image/jpeg", 10L, UPDATED, PaperclipTableFixture.md5Hex("jpeg bytes")),
                new Row(2, "photo.png", "image/png", 22L, UPDATED, null),
                new Row(3, null, null, null, null, null),
                new Row(1234, "notes.txt", "text/plain", null, UPDATED, PaperclipTableFixture.md5Hex("plain notes")));
        Affix affix = start();

        PaperclipImport.Result result = affix.paperclipImport().run(settings().withAttachments(List.of("avatar")), ImportListener.NONE);

        assertThat(result.imported()).isEqualTo(3);
        assertThat(result.sizesFetched()).isEqualTo(1);
        assertThat(result.checksumsComputed()).as("the row without a fingerprint").isEqualTo(1);
        assertThat(result.missingObjects() + result.invalidRows() + result.keyConflicts() + result.failed()).isZero();
        Blob first = avatar(affix, 1).orElseThrow();
        assertThat(first.key()).isEqualTo(withFingerprint);
        assertThat(first.serviceName()).isEqualTo("legacy");
        assertThat(first.byteSize()).isEqualTo(10);
        assertThat(first.checksum().base64()).isEqualTo(PaperclipTableFixture.md5Base64("jpeg bytes"));
        assertThat(first.createdAt()).isEqualTo(UPDATED.toInstant(ZoneOffset.UTC));
        assertThat(first.contentType()).isEqualTo("image/jpeg");
        assertThat(first.identified()).as("the bytes were not read: the column's type is kept, unidentified").isFalse();
        assertThat(read(affix, first)).isEqualTo("jpeg bytes");
        Blob computed = avatar(affix, 2).orElseThrow();
        assertThat(computed.checksum().base64()).isEqualTo(PaperclipTableFixture.md5Base64("\u0089PNG\r\n\u001a\n not really"));
        assertThat(computed.identified()).isTrue();
        Blob sized = avatar(affix, 1234).orElseThrow();
        assertThat(sized.key()).isEqualTo(withoutSize);
        assertThat(sized.byteSize()).isEqualTo("plain notes".length());
        assertThat(avatar(affix, 3)).isEmpty();
        assertThat(dir.resolve("public/system").resolve(withFingerprint)).as("adopted where it lies").exists();
        assertThat(count("attachment_slots")).as("each slot locked as an attach locks it").isEqualTo(3);
    }

    @Test
    void withoutAttachmentNamesEveryPaperclipColumnIsImportedUnderItsDeclaration() throws SQLException {
        table.store("users/avatars/000/000/007/original/a.txt", "a");
        table.store("users/covers/000/000/007/original/c.txt", "cc");
        insert("avatar", new Row(7, "a.txt", "text/plain", 1L, UPDATED, null));
        table.execute("UPDATE " + users + " SET cover_file_name = 'c.txt', cover_file_size = 2 WHERE id = 7");
        Affix affix = start();

        PaperclipImport.Result result = affix.paperclipImport().run(settings().withService("legacy"), ImportListener.NONE);

        assertThat(result.imported()).isEqualTo(2);
        assertThat(affix.many(RecordRef.of("User", 7), "cover").blobs()).extracting(Blob::key)
                .containsExactly("users/covers/000/000/007/original/c.txt");
    }

    @Test
    void aSecondRunImportsNothingAndCountsTheRowsAlreadyPresent() {
        storeRows(5);
        Affix affix = start();

        PaperclipImport.Result first = affix.paperclipImport().run(avatars().withBatchSize(2), ImportListener.NONE);
        PaperclipImport.Result second = affix.paperclipImport().run(avatars().withBatchSize(2), ImportListener.NONE);

        assertThat(first.imported()).isEqualTo(5);
        assertThat(second.imported()).isZero();
        assertThat(second.alreadyPresent()).isEqualTo(5);
        assertThat(count("blobs")).isEqualTo(5);
        assertThat(count("attachments")).isEqualTo(5);
    }

    @Test
    void anImportKilledBetweenBatchesContinuesWhenRunAgainWithoutADuplicate() {
        storeRows(7);
        Affix affix = start();
        ImportListener killedAfterTwoBatches = new ImportListener() {
            private int batches;

            @Override
            public void progressed(int rows) {
                if (++batches == 2) {
                    throw new IllegalStateException("killed");
                }
            }
        };

        assertThatThrownBy(() -> affix.paperclipImport().run(avatars().withBatchSize(2), killedAfterTwoBatches))
                .hasMessage("killed");
        assertThat(count("attachments")).isEqualTo(4);

        PaperclipImport.Result resumed = affix.paperclipImport().run(avatars().withBatchSize(2), ImportListener.NONE);

        assertThat(resumed.alreadyPresent()).isEqualTo(4);
        assertThat(resumed.imported()).isEqualTo(3);
        assertThat(count("blobs")).isEqualTo(7);
        assertThat(count("attachments")).isEqualTo(7);
    }

    @Test
    void anImportKilledInsideABatchLeavesNoBlobWithoutItsAttachment() {
        storeRows(5);
        CountingDataSource failing = new CountingDataSource(pool);
        Affix affix = start(Affix.builder(config()).dataSource(failing));
        ImportListener killAtSecondBatch = new ImportListener() {
            private int batches;

            @Override
            public void progressed(int rows) {
                if (++batches == 1) {
                    failing.failWhen(sql -> sql.startsWith("INSERT INTO " + prefix + "attachments"));
                }
            }
        };

        assertThatThrownBy(() -> affix.paperclipImport().run(avatars().withBatchSize(2), killAtSecondBatch))
                .isInstanceOf(DatabaseException.class);
        assertThat(count("blobs")).as("the second batch's blobs were rolled back with it").isEqualTo(2);
        assertThat(unattachedBlobs()).isZero();

        failing.failWhen(sql -> false);
        assertThat(affix.paperclipImport().run(avatars().withBatchSize(2), ImportListener.NONE).imported()).isEqualTo(3);
        assertThat(count("attachments")).isEqualTo(5);
        assertThat(unattachedBlobs()).isZero();
    }

    @Test
    void aHasOneRecordThatAlreadyHasAFileKeepsItAndTheRowCountsAsAlreadyPresent() {
        storeRows(2);
        Affix affix = start();
        Blob attached = affix.one(RecordRef.of("User", 2), "avatar").attach("newer".getBytes(StandardCharsets.UTF_8), "newer.txt").blob();

        PaperclipImport.Result result = affix.paperclipImport().run(avatars(), ImportListener.NONE);

        assertThat(result.imported()).isEqualTo(1);
        assertThat(result.alreadyPresent()).isEqualTo(1);
        assertThat(affix.attachmentsOf("User", "avatar", List.of(2)).get(RecordRef.of("User", 2))).extracting(a -> a.blob().id())
                .containsExactly(attached.id());
    }

    @Test
    void badRowsAreReportedOneByOneAndTheOthersImported() throws SQLException {
        String duplicates = prefix + "legacy_users";
        table.create(duplicates, "BIGINT", false, "avatar");
        table.store("users/avatars/000/000/001/original/ok.txt", "fine");
        table.store("users/avatars/000/000/009/original/dup.txt", "dup");
        table.insert(duplicates, "avatar",
                new Row(1, "ok.txt", "text/plain", 4L, UPDATED, null),
                new Row(2, "", "text/plain", 4L, UPDATED, null),
                new Row(3, "../../etc/passwd", "text/plain", 4L, UPDATED, null),
                new Row(4, "a/b.txt", "text/plain", 4L, UPDATED, null),
                new Row(5, "bell\u0007.txt", "text/plain", 4L, UPDATED, null),
                new Row(6, "neg.txt", "text/plain", -4L, UPDATED, null),
                new Row(7, "x".repeat(300) + ".txt", "text/plain", 4L, UPDATED, null),
                new Row(8, "...", "text/plain", 4L, UPDATED, null),
                new Row(9, "dup.txt", "text/plain", 3L, UPDATED, null),
                new Row(9, "dup.txt", "text/plain", 3L, UPDATED, null),
                new Row(10, "name.", "text/plain", 3L, UPDATED, null));
        Affix affix = start();
        List<ImportProblem> problems = new ArrayList<>();

        PaperclipImport.Result result = affix.paperclipImport().run(PaperclipImport.Settings.of(duplicates, "User"), ImportListener.onProblem(problems::add));

        assertThat(result.imported()).isEqualTo(2);
        assertThat(result.invalidRows()).isEqualTo(9);
        assertThat(problems).allMatch(p -> p.kind() == ImportProblem.Kind.INVALID_ROW && p.attachment().equals("avatar"));
        assertThat(reasons(problems)).containsEntry("2", "the file name is empty")
                .containsEntry("3", "file name '../../etc/passwd' holds a slash: it would name a folder")
                .containsEntry("4", "file name 'a/b.txt' holds a slash: it would name a folder")
                .containsEntry("6", "file size -4 is negative")
                .containsEntry("7", "the file name is 304 characters long, more than 255")
                .containsEntry("8", "file name '...' holds '..'")
                .containsEntry("9", "a row with id 9 came before it: duplicate rows are left out");
        assertThat(reasons(problems).get("5")).contains("control character");
        assertThat(reasons(problems).get("10")).contains("ends with a dot");
        assertThat(unattachedBlobs()).isZero();
    }

    @Test
    void aMissingObjectIsListedAndImportedByTheNextRunOnceItExists() {
        table.store("users/avatars/000/000/001/original/here.txt", "here");
        insert("avatar", new Row(1, "here.txt", "text/plain", 4L, UPDATED, null),
                new Row(2, "gone.txt", "text/plain", 4L, UPDATED, null));
        Affix affix = start();
        List<ImportProblem> problems = new ArrayList<>();

        PaperclipImport.Result result = affix.paperclipImport().run(avatars(), ImportListener.onProblem(problems::add));

        assertThat(result.imported()).isEqualTo(1);
        assertThat(result.missingObjects()).isEqualTo(1);
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ImportProblem.Kind.MISSING_OBJECT);
            assertThat(p.recordId()).isEqualTo("2");
            assertThat(p.key()).isEqualTo("users/avatars/000/000/002/original/gone.txt");
        });
        table.store("users/avatars/000/000/002/original/gone.txt", "back");
        assertThat(affix.paperclipImport().run(avatars(), ImportListener.NONE).imported()).isEqualTo(1);
    }

    @Test
    void anObjectWaitingToBeDeletedIsNotAdoptedAndAKeyAnotherBlobHasIsNotTaken() throws SQLException {
        storeRows(3);
        Affix affix = start();
        table.execute("INSERT INTO " + prefix + "pending_deletions (service_name, " + keyColumn() + ", created_at, attempts, "
                + "next_attempt_at) VALUES ('legacy', 'users/avatars/000/000/002/original/file-2.txt', CURRENT_TIMESTAMP, 0, "
                + "TIMESTAMP '2999-01-01 00:00:00')");
        Blob other = affix.blobs().create(new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)),
                NewBlob.named("file-3.txt").inService("local").withKey("users/avatars/000/000/003/original/file-3.txt"));
        List<ImportProblem> problems = new ArrayList<>();

        PaperclipImport.Result result = affix.paperclipImport().run(avatars(), ImportListener.onProblem(problems::add));

        assertThat(result.imported()).isEqualTo(1);
        assertThat(result.keyConflicts()).isEqualTo(2);
        assertThat(reasons(problems).get("2")).contains("is waiting to be deleted");
        assertThat(reasons(problems).get("3")).contains("blob " + other.id() + " already has key");
        assertThat(unattachedBlobs()).as("only the blob made by the test").isEqualTo(1);
    }

    @Test
    void whatCannotBeImportedIsRefusedBeforeAnythingIsWritten() throws SQLException {
        storeRows(1);
        table.execute("CREATE TABLE " + prefix + "plain (id BIGINT PRIMARY KEY, title VARCHAR(20))");
        Affix affix = start();

        assertThatThrownBy(() -> affix.paperclipImport().run(PaperclipImport.Settings.of(prefix + "plain", "User"), ImportListener.NONE))
                .isInstanceOf(ImportRefusedException.class).hasMessageContaining("has no Paperclip columns");
        assertThatThrownBy(() -> affix.paperclipImport().run(PaperclipImport.Settings.of(prefix + "nothing", "User"), ImportListener.NONE))
                .isInstanceOf(ImportRefusedException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> affix.paperclipImport().run(avatars().withAttachments(List.of("photo")), ImportListener.NONE))
                .isInstanceOf(ImportRefusedException.class).hasMessageContaining("no column photo_file_name")
                .hasMessageContaining("avatar, cover");
        assertThatThrownBy(() -> affix.paperclipImport().run(avatars().withIdColumn("uuid"), ImportListener.NONE))
                .isInstanceOf(ImportRefusedException.class).hasMessageContaining("no column 'uuid'");
        assertThatThrownBy(() -> affix.paperclipImport().run(PaperclipImport.Settings.of(users, "Post").withAttachments(List.of("avatar")),
                ImportListener.NONE)).isInstanceOf(UndeclaredAttachmentException.class).hasMessageContaining("'Post.avatar' is not declared");
        assertThatThrownBy(() -> affix.paperclipImport().run(avatars().withPathTemplate(":class/:id/:hash"), ImportListener.NONE))
                .isInstanceOf(ImportRefusedException.class).hasMessageContaining(":hash");
        assertThatThrownBy(() -> affix.paperclipImport().run(avatars().withPathTemplate("/system/:class/:id/:filename"), ImportListener.NONE))
                .isInstanceOf(ImportRefusedException.class).hasMessageContaining("absolute");
        assertThatThrownBy(() -> affix.paperclipImport().run(PaperclipImport.Settings.of(users + "; DROP TABLE x", "User"), ImportListener.NONE))
                .isInstanceOf(ImportRefusedException.class).hasMessageContaining("is not a table name");
        assertThatThrownBy(() -> affix.paperclipImport().run(PaperclipImport.Settings.of(users, "legacy_user")
                .withAttachments(List.of("avatar")), ImportListener.NONE)).isInstanceOf(ImportRefusedException.class)
                .hasMessageContaining("'legacy_user' is not a Ruby class name");
        assertThat(count("blobs")).isZero();
        assertThat(count("attachment_slots")).isZero();
    }

    @Test
    void aDryRunJudgesEveryRowAndWritesNothing() {
        storeRows(3);
        insert("avatar", new Row(4, "missing.txt", "text/plain", 1L, UPDATED, null));
        Affix affix = start();

        PaperclipImport.Result result = affix.paperclipImport().run(avatars().withDryRun(true), ImportListener.NONE);

        assertThat(result.dryRun()).isTrue();
        assertThat(result.imported()).isEqualTo(3);
        assertThat(result.missingObjects()).isEqualTo(1);
        assertThat(count("blobs")).isZero();
        assertThat(count("attachment_slots")).isZero();
        assertThat(count("pending_deletions")).isZero();
    }

    @Test
    void aLyingTypeIsReplacedByTheIdentifiedOneWhenTheBytesAreReadAndAMalformedOneByTheNames() {
        table.store("users/avatars/000/000/001/original/cat.png", "<html><script>alert(1)</script></html>");
        table.store("users/avatars/000/000/002/original/doc.pdf", "%PDF-1.4 kept as declared");
        insert("avatar", new Row(1, "cat.png", "image/png", null, UPDATED, null),
                new Row(2, "doc.pdf", "not a type", null, UPDATED, PaperclipTableFixture.md5Hex("%PDF-1.4 kept as declared")));
        Affix affix = start();

        affix.paperclipImport().run(avatars(), ImportListener.NONE);

        Blob read = avatar(affix, 1).orElseThrow();
        assertThat(read.contentType()).isEqualTo("text/html");
        assertThat(read.identified()).isTrue();
        Blob guessed = avatar(affix, 2).orElseThrow();
        assertThat(guessed.contentType()).isEqualTo("application/pdf");
        assertThat(guessed.identified()).isFalse();
    }

    @Test
    void aSizeColumnThatDisagreesWithTheObjectIsCorrectedFromTheBytes() {
        table.store("users/avatars/000/000/001/original/a.txt", "twelve bytes");
        insert("avatar", new Row(1, "a.txt", "text/plain", 5L, UPDATED, PaperclipTableFixture.md5Hex("five!")));
        Affix affix = start();

        PaperclipImport.Result result = affix.paperclipImport().run(avatars(), ImportListener.NONE);

        assertThat(result.staleColumns()).isEqualTo(1);
        Blob blob = avatar(affix, 1).orElseThrow();
        assertThat(blob.byteSize()).isEqualTo(12);
        assertThat(blob.checksum().base64()).isEqualTo(PaperclipTableFixture.md5Base64("twelve bytes"));
    }

    @Test
    void textIdsArePartitionedAsPaperclipDoes() throws SQLException {
        String posts = prefix + "posts";
        table.create(posts, "VARCHAR(36)", true, "avatar");
        table.store("users/avatars/8f1/4e4/5f-/original/u.txt", "uuid");
        table.insert(posts, "avatar", new Row("8f14e45f-ceea-467f-a0e6-4b1e1c5e0c2f", "u.txt", "text/plain", 4L, UPDATED, null));
        Affix affix = start();

        assertThat(affix.paperclipImport().run(PaperclipImport.Settings.of(posts, "User"), ImportListener.NONE).imported()).isEqualTo(1);
        assertThat(affix.one(RecordRef.of("User", "8f14e45f-ceea-467f-a0e6-4b1e1c5e0c2f"), "avatar").blob()).get()
                .extracting(Blob::key).isEqualTo("users/avatars/8f1/4e4/5f-/original/u.txt");
    }

    @Test
    void copyingToADiskOnTheSameFileSystemMakesHardLinksWithNewKeys() throws IOException {
        Path original = table.store("users/covers/000/000/001/original/a.txt", "linked bytes");
        insert("cover", new Row(1, "a.txt", "text/plain", 12L, UPDATED, PaperclipTableFixture.md5Hex("linked bytes")));
        Affix affix = start();

        PaperclipImport.Result result = affix.paperclipImport().run(covers().withCopy(true).withService("legacy"), ImportListener.NONE);

        assertThat(result.imported()).isEqualTo(1);
        assertThat(result.hardLinks()).isEqualTo(1);
        Blob blob = cover(affix, 1);
        assertThat(blob.serviceName()).isEqualTo("local");
        assertThat(blob.key()).doesNotContain("users/");
        assertThat(blob.checksum().base64()).isEqualTo(PaperclipTableFixture.md5Base64("linked bytes"));
        Path copy = affix.services().get("local").localFile(blob.key()).orElseThrow();
        assertThat(Files.isSameFile(copy, original)).as("one file, two names").isTrue();
        assertThat(count("pending_deletions")).as("the copy's reservation was removed with the commit").isZero();
    }

    @Test
    void copyingFromAServiceWithoutLocalFilesStreamsAndVerifiesTheBytes() throws IOException {
        Path original = table.store("users/covers/000/000/001/original/a.txt", "streamed bytes");
        table.store("users/covers/000/000/002/original/b.txt", "other bytes");
        insert("cover", new Row(1, "a.txt", "text/plain", 14L, UPDATED, PaperclipTableFixture.md5Hex("streamed bytes")),
                new Row(2, "b.txt", "text/plain", 11L, UPDATED, PaperclipTableFixture.md5Hex("not the bytes")));
        Affix affix = start(Affix.builder(config()).dataSource(pool).serviceDecorator(withoutLocalFiles()));
        List<ImportProblem> problems = new ArrayList<>();

        PaperclipImport.Result result = affix.paperclipImport().run(covers().withCopy(true).withService("legacy"), ImportListener.onProblem(problems::add));

        assertThat(result.imported()).isEqualTo(1);
        assertThat(result.hardLinks()).isZero();
        Blob blob = cover(affix, 1);
        assertThat(blob.serviceName()).isEqualTo("local");
        assertThat(read(affix, blob)).isEqualTo("streamed bytes");
        List<Path> stored = StoredFiles.objects(dir.resolve("storage"));
        assertThat(stored).as("the copy, and nothing of the failed one").hasSize(1);
        Path copy = stored.get(0);
        assertThat(Files.isSameFile(copy, original)).as("a copy of its own").isFalse();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ImportProblem.Kind.FAILED);
            assertThat(p.reason()).contains("checksum");
        });
        assertThat(count("pending_deletions")).as("the failed copy stored nothing and left no reservation").isZero();
    }

    private static UnaryOperator<StorageService> withoutLocalFiles() {
        return service -> new ForwardingStorageService(service) {
            @Override
            public Optional<Path> localFile(String key) {
                return Optional.empty();
            }
        };
    }

    private void storeRows(int count) {
        List<Row> rows = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            String content = "file " + id;
            table.store(String.format("users/avatars/000/000/%03d/original/file-%d.txt", id, id), content);
            rows.add(new Row(id, "file-" + id + ".txt", "text/plain", (long) content.length(), UPDATED,
                    PaperclipTableFixture.md5Hex(content)));
        }
        insert("avatar", rows.toArray(Row[]::new));
    }

    private void insert(String attachment, Row... rows) {
        try {
            table.insert(users, attachment, rows);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private PaperclipImport.Settings settings() {
        return PaperclipImport.Settings.of(users, "User");
    }

    private PaperclipImport.Settings avatars() {
        return settings().withAttachments(List.of("avatar"));
    }

    private PaperclipImport.Settings covers() {
        return settings().withAttachments(List.of("cover"));
    }

    private Affix start() {
        return start(Affix.builder(config()).dataSource(pool));
    }

    private Affix start(Affix.Builder builder) {
        Affix affix = builder.jobRunner(new InlineJobRunner()).build();
        started.add(affix);
        return affix;
    }

    private AffixConfig config() {
        return AffixConfig.builder()
                .secret("paperclip-import-test-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix))
                .disk("local", dir.resolve("storage"))
                .service("legacy", "Disk", Map.of("root", dir.resolve("public/system").toString(), "layout", "flat"))
                .defaultService("local")
                .attachment("User.avatar", Map.of("kind", "one", "service", "legacy"))
                .attachment("User.cover", Map.of("kind", "many"))
                .attachment("legacy_user.avatar", Map.of("kind", "one", "service", "legacy"))
                .build();
    }

    private static Optional<Blob> avatar(Affix affix, long id) {
        return affix.one(RecordRef.of("User", id), "avatar").blob();
    }

    private static Blob cover(Affix affix, long id) {
        List<Blob> blobs = affix.many(RecordRef.of("User", id), "cover").blobs();
        assertThat(blobs).hasSize(1);
        return blobs.get(0);
    }

    private static String read(Affix affix, Blob blob) throws IOException {
        try (InputStream in = affix.blobs().download(blob)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> reasons(List<ImportProblem> problems) {
        Map<String, String> byId = new LinkedHashMap<>();
        problems.forEach(p -> byId.put(p.recordId(), p.reason()));
        return byId;
    }

    private String keyColumn() {
        return database == TestDatabase.MARIADB ? "`key`" : database == TestDatabase.H2 ? "\"key\"" : "key";
    }

    private long count(String affixTable) {
        return queryLong("SELECT COUNT(*) FROM " + prefix + affixTable);
    }

    private long unattachedBlobs() {
        return queryLong("SELECT COUNT(*) FROM " + prefix + "blobs b WHERE NOT EXISTS (SELECT 1 FROM " + prefix
                + "attachments a WHERE a.blob_id = b.id)");
    }

    private long queryLong(String sql) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}

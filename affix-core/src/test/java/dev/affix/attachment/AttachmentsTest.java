package dev.affix.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.blob.Blob;
import dev.affix.blob.BlobAudit;
import dev.affix.blob.BlobCopier;
import dev.affix.blob.BlobInUseException;
import dev.affix.blob.InvalidSignedIdException;
import dev.affix.blob.NewBlob;
import dev.affix.blob.SignedIds;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.db.DatabaseException;
import dev.affix.job.InlineJobRunner;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.InvalidKeyException;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.StorageService;
import dev.affix.storage.disk.DiskService;
import dev.affix.storage.disk.DiskTokens;
import dev.affix.testing.CountingDataSource;
import dev.affix.testing.StoredFiles;
import dev.affix.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Blobs and attachments on H2, PostgreSQL and MariaDB: every case runs on each. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class AttachmentsTest {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1,
        8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89};

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private CountingDataSource dataSource;
    private String prefix;
    private InlineJobRunner jobs;
    private Affix affix;
    private DiskService disk;

    @BeforeEach
    void start() {
        prefix = "t" + Long.toString(System.nanoTime(), 36) + "_";
        pool = database.open(prefix);
        dataSource = new CountingDataSource(pool);
        jobs = new InlineJobRunner();
        affix = affix(DatabaseSettings.DEFAULT_RECORD_ID_TYPE);
        disk = (DiskService) affix.services().defaultService();
    }

    private Affix affix(String recordIdType) {
        AffixConfig config = AffixConfig.builder()
                .secret("attachments-test-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix).withRecordIdType(recordIdType))
                .disk("local", dir.resolve("storage"))
                .attachment("User.avatar", Map.of("kind", "one", "dependent", "purge"))
                .attachment("Message.images", Map.of("kind", "many", "dependent", "purge_later"))
                .attachment("Archive.files", Map.of("kind", "many", "dependent", "keep"))
                .attachment("Doc.file", Map.of("kind", "one", "keys", "{tenant}/attachments/{record_type}/{record_id}/{random}"))
                .disk("odd", dir.resolve("odd"))
                .service("main", "Mirror", Map.of("primary", "local", "mirrors", List.of("odd")))
                .attachment("Mig.files", Map.of("kind", "many", "service", "main"))
                .build();
        return Affix.builder(config).dataSource(dataSource).jobRunner(jobs)
                .declare(AttachmentDeclaration.many("Shard", "files")
                        .service((record, tenant) -> Long.parseLong(record.id()) % 2 == 1 ? "odd" : null))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        affix.close();
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    @Test
    void attachesBytesAndIdentifiesTheirTypeFromTheBytes() throws IOException {
        HasOne avatar = affix.one(RecordRef.of("User", 1), "avatar");

        Attachment attachment = avatar.attach(Attachable.stream(new ByteArrayInputStream(PNG), "me.txt", "text/plain"));

        Blob blob = attachment.blob();
        assertThat(blob.contentType()).isEqualTo("image/png");
        assertThat(blob.identified()).isTrue();
        assertThat(blob.byteSize()).isEqualTo(PNG.length);
        assertThat(blob.checksum()).isEqualTo(md5(PNG));
        assertThat(blob.filename()).isEqualTo("me.txt");
        assertThat(avatar.attached()).isTrue();
        // analysed after the commit (analyze: later), by the inline runner before attach returned
        assertThat(avatar.blob()).get().usingRecursiveComparison().ignoringFields("metadata").isEqualTo(blob);
        assertThat(avatar.blob().get().metadata()).containsEntry("identified", true).containsEntry("analyzed", true);
        assertThat(affix.blobs().download(blob).readAllBytes()).isEqualTo(PNG);
    }

    @Test
    void declaredTypeIsUsedOnlyWhenTheBytesSayNothing() {
        byte[] noise = {1, 2, 3, 4, 5, (byte) 0xff};
        Blob declared = affix.blobs().create(new ByteArrayInputStream(noise), NewBlob.named("a.bin").withContentType("application/x-thing"));
        Blob unknown = affix.blobs().create(new ByteArrayInputStream(noise), NewBlob.named("b"));
        Blob trusted = affix.blobs().create(new ByteArrayInputStream(PNG), NewBlob.named("c").withContentType("image/gif").withoutIdentification());

        assertThat(declared.contentType()).isEqualTo("application/x-thing");
        assertThat(unknown.contentType()).isEqualTo("application/octet-stream");
        assertThat(trusted.contentType()).isEqualTo("image/gif");
        assertThat(trusted.identified()).isFalse();
    }

    @Test
    void filenameIsSanitisedAndTheOriginalKept() {
        Blob blob = affix.blobs().create(new ByteArrayInputStream(PNG), NewBlob.named("../../etc/pass\"wd\r\n.png")
                .withMetadata(Map.of("camera", "x100", "identified", "forged")));

        assertThat(blob.filename()).isEqualTo("pass-wd--.png");
        assertThat(blob.metadata()).containsEntry("original_filename", "../../etc/pass\"wd\r\n.png");
        assertThat(blob.customMetadata()).containsExactly(Map.entry("camera", "x100"));
        assertThat(affix.blobs().require(blob.id()).customMetadata()).containsExactly(Map.entry("camera", "x100"));
    }

    @Test
    void replacingAHasOnePurgesTheOldBlobUnlessAnotherRecordUsesIt() {
        HasOne first = affix.one(RecordRef.of("User", 1), "avatar");
        Blob old = first.attach(bytes("old"), "old.txt").blob();
        Blob shared = affix.one(RecordRef.of("User", 2), "avatar").attach(bytes("shared"), "shared.txt").blob();

        first.attach(bytes("new"), "new.txt");
        assertThat(affix.blobs().find(old.id())).isEmpty();
        assertThat(disk.exists(old.key())).isFalse();

        first.attach(shared);
        HasOne third = affix.one(RecordRef.of("User", 3), "avatar");
        third.attach(shared);
        third.attach(bytes("third's own"), "own.txt");
        assertThat(affix.blobs().find(shared.id())).isPresent();
        assertThat(disk.exists(shared.key())).isTrue();
        assertThat(first.blob()).get().extracting(Blob::id).isEqualTo(shared.id());
    }

    @Test
    void reattachingTheSameBlobChangesNothing() {
        HasOne avatar = affix.one(RecordRef.of("User", 1), "avatar");
        Attachment attachment = avatar.attach(bytes("same"), "same.txt");

        assertThat(avatar.attach(attachment.blob()).id()).isEqualTo(attachment.id());
        assertThat(affix.blobs().find(attachment.blob().id())).isPresent();
    }

    @Test
    void hasManyAppendsAndReplaces() {
        HasMany images = affix.many(RecordRef.of("Message", "m-1"), "images");
        List<Attachment> added = images.attach(Attachable.bytes(bytes("a"), "a.txt"), Attachable.bytes(bytes("b"), "b.txt"));
        images.attach(Attachable.bytes(bytes("c"), "c.txt"));

        assertThat(images.blobs()).extracting(Blob::filename).containsExactly("a.txt", "b.txt", "c.txt");

        Blob kept = added.get(1).blob();
        images.replace(List.of(Attachable.blob(kept), Attachable.bytes(bytes("d"), "d.txt")));

        assertThat(images.blobs()).extracting(Blob::filename).containsExactly("b.txt", "d.txt");
        assertThat(affix.blobs().find(added.get(0).blob().id())).isEmpty();
        assertThat(disk.exists(added.get(0).blob().key())).isFalse();
        assertThat(images.attach(Attachable.blob(kept))).extracting(Attachment::id).containsExactly(images.attachments().get(0).id());
    }

    @Test
    void detachKeepsTheBlobAsUnattached() {
        HasMany images = affix.many(RecordRef.of("Message", 7), "images");
        Blob blob = images.attach(Attachable.bytes(bytes("keep me"), "k.txt")).get(0).blob();

        images.detach(blob);

        assertThat(images.attached()).isFalse();
        assertThat(affix.blobs().unattached(Instant.now().plusSeconds(1), 10)).extracting(Blob::id).containsExactly(blob.id());
        assertThat(disk.exists(blob.key())).isTrue();
    }

    @Test
    void purgeRemovesRowsThenBytes() {
        HasMany images = affix.many(RecordRef.of("Message", 7), "images");
        List<Attachment> attached = images.attach(Attachable.bytes(bytes("1"), "1.txt"), Attachable.bytes(bytes("2"), "2.txt"));

        images.purge(attached.get(0).blob());
        assertThat(images.blobs()).extracting(Blob::filename).containsExactly("2.txt");
        assertThat(disk.exists(attached.get(0).blob().key())).isFalse();

        images.purgeLater();
        assertThat(images.attached()).isFalse();
        assertThat(affix.blobs().find(attached.get(1).blob().id())).isEmpty();
        assertThat(disk.exists(attached.get(1).blob().key())).isFalse();
    }

    @Test
    void anAttachedBlobCannotBePurgedDirectly() {
        Blob blob = affix.one(RecordRef.of("User", 1), "avatar").attach(bytes("x"), "x.txt").blob();

        assertThatThrownBy(() -> affix.blobs().purge(blob)).isInstanceOf(BlobInUseException.class);
        assertThat(disk.exists(blob.key())).isTrue();
    }

    @Test
    void undeclaredOrMisusedAttachmentsAreRefusedByName() {
        assertThatThrownBy(() -> affix.one(RecordRef.of("User", 1), "cover"))
                .isInstanceOf(UndeclaredAttachmentException.class).hasMessageContaining("'User.cover' is not declared");
        assertThatThrownBy(() -> affix.many(RecordRef.of("User", 1), "avatar"))
                .isInstanceOf(UndeclaredAttachmentException.class).hasMessageContaining("declared as one, not many");
        assertThatThrownBy(() -> affix.one(new Object(), "avatar")).hasMessageContaining("cannot identify a record");
    }

    @Test
    void signedIdsAttachOnlyWhenGenuineUnexpiredAndForTheirPurpose() {
        Blob blob = affix.blobs().create(new ByteArrayInputStream(PNG), NewBlob.named("p.png"));
        String signed = affix.blobs().signedId(blob);
        HasOne avatar = affix.one(RecordRef.of("User", 1), "avatar");

        String tampered = signed.substring(0, signed.length() - 3) + (signed.endsWith("AAA") ? "BBB" : "AAA");
        String otherPurpose = affix.blobs().signedId(blob, "download", null);
        String expired = affix.blobs().signedId(blob, SignedIds.BLOB_ID, Duration.ofSeconds(-1));
        String servingUrlId = affix.blobs().signedId(blob, SignedIds.SERVE, null);
        for (String bad : List.of(tampered, otherPurpose, expired, servingUrlId, signed.substring(0, 10), "")) {
            assertThatThrownBy(() -> avatar.attachSigned(bad)).isInstanceOf(InvalidSignedIdException.class);
        }
        assertThat(avatar.attached()).isFalse();

        assertThat(avatar.attachSigned(signed).blob().id()).isEqualTo(blob.id());
        assertThat(affix.blobs().findSigned(otherPurpose, "download")).get().extracting(Blob::id).isEqualTo(blob.id());
    }

    @Test
    void directUploadIsAttachedOnlyOnceItsBytesArrivedAndIsIdentifiedFromThem() throws IOException {
        byte[] html = "<html><body><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8);
        Blob blob = affix.blobs().createBeforeDirectUpload("cat.png", html.length, md5(html), "image/png", Map.of("identified", "true"), null);
        String signed = affix.blobs().signedId(blob);
        HasOne avatar = affix.one(RecordRef.of("User", 1), "avatar");

        assertThatThrownBy(() -> avatar.attachSigned(signed)).isInstanceOf(ObjectNotFoundException.class);
        assertThat(avatar.attached()).isFalse();

        DirectUploadTarget target = affix.blobs().directUploadTarget(blob, Duration.ofMinutes(5));
        String token = target.url().getRawPath().substring(target.url().getRawPath().lastIndexOf('/') + 1);
        DiskTokens.UploadGrant grant = new DiskTokens(affix.signer()).verifyUpload(token).orElseThrow();
        grant.requireDeclared("image/png", html.length);
        disk.upload(grant.key(), new ByteArrayInputStream(html), grant.uploadOptions());

        Blob attached = avatar.attachSigned(signed).blob();
        assertThat(attached.contentType()).isEqualTo("text/html");
        assertThat(affix.blobs().require(blob.id()).contentType()).isEqualTo("text/html");
    }

    @Test
    void aMissingFileIsRefusedAndNothingIsStored() throws IOException {
        HasOne avatar = affix.one(RecordRef.of("User", 1), "avatar");

        assertThatThrownBy(() -> avatar.attach(dir.resolve("nope.png"))).hasMessageContaining("nope.png does not exist");
        assertThat(avatar.attached()).isFalse();
        assertThat(objectsInStorage()).isZero();
        assertThat(affix.blobs().unattached(Instant.now().plusSeconds(1), 10)).isEmpty();
    }

    @Test
    void attachingInTheCallersTransactionFollowsItsCommitOrRollback() throws Exception {
        Blob rolledBack;
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            rolledBack = affix.using(connection).one(RecordRef.of("User", 1), "avatar").attach(bytes("rolled back"), "r.txt").blob();
            connection.rollback();
        }
        assertThat(affix.one(RecordRef.of("User", 1), "avatar").attached()).isFalse();
        assertThat(affix.blobs().unattached(Instant.now().plusSeconds(1), 10)).extracting(Blob::id).containsExactly(rolledBack.id());
        assertThat(disk.exists(rolledBack.key())).isTrue();

        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            affix.using(connection).one(RecordRef.of("User", 1), "avatar").attach(bytes("committed"), "c.txt");
            connection.commit();
        }
        assertThat(affix.one(RecordRef.of("User", 1), "avatar").blob()).get().extracting(Blob::filename).isEqualTo("c.txt");
    }

    @Test
    void purgeInTheCallersTransactionDeletesBytesOnlyAfterItsCommit() throws Exception {
        HasOne avatar = affix.one(RecordRef.of("User", 1), "avatar");
        Blob blob = avatar.attach(bytes("precious"), "p.txt").blob();

        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            affix.using(connection).one(RecordRef.of("User", 1), "avatar").purge();
            affix.blobs().deletePendingObjects();
            assertThat(disk.exists(blob.key())).as("bytes survive until the commit").isTrue();
            connection.rollback();
        }
        affix.blobs().deletePendingObjects();
        assertThat(avatar.attached()).isTrue();
        assertThat(disk.exists(blob.key())).as("a rolled-back purge keeps the bytes").isTrue();
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).as("the deletion rolled back with the rows").isEmpty();

        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            affix.using(connection).one(RecordRef.of("User", 1), "avatar").purge();
            connection.commit();
        }
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).as("the deletion committed with the rows").containsExactly(blob.key());
        assertThat(affix.blobs().deletePendingObjects().deleted()).isEqualTo(1);
        assertThat(disk.exists(blob.key())).isFalse();
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).isEmpty();
    }

    @Test
    void purgeLaterInTheCallersTransactionWaitsForItsCommit() throws Exception {
        HasMany images = affix.many(RecordRef.of("Message", 3), "images");
        Blob blob = images.attach(Attachable.bytes(bytes("later"), "l.txt")).get(0).blob();

        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            affix.using(connection).many(RecordRef.of("Message", 3), "images").purgeLater();
            affix.blobs().deletePendingObjects();
            assertThat(affix.blobs().find(blob.id())).as("not purged before the commit").isPresent();
            connection.commit();
        }
        assertThat(affix.blobs().find(blob.id())).isEmpty();
        affix.blobs().deletePendingObjects();

        assertThat(disk.exists(blob.key())).isFalse();
        assertThat(StoredFiles.pendingDeletions(pool, prefix)).isEmpty();
    }

    @Test
    void concurrentHasOneAttachesEndWithOneAttachmentAndNoLeakedBytes() throws Exception {
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Attachment>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                byte[] content = bytes("writer " + i);
                results.add(pool.submit(() -> {
                    start.await();
                    return affix.one(RecordRef.of("User", 99), "avatar").attach(content, "w.txt");
                }));
            }
            start.countDown();
            for (Future<Attachment> result : results) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }

        Blob winner = affix.one(RecordRef.of("User", 99), "avatar").blob().orElseThrow();
        assertThat(affix.attachmentsOf("User", "avatar", List.of(99)).get(RecordRef.of("User", 99))).hasSize(1);
        assertThat(affix.blobs().unattached(Instant.now().plusSeconds(1), 100)).isEmpty();
        assertThat(objectsInStorage()).isEqualTo(1);
        assertThat(disk.exists(winner.key())).isTrue();
    }

    @Test
    void loadingTheAttachmentsOfManyRecordsTakesOneQuery() {
        for (int id = 1; id <= 50; id++) {
            affix.many(RecordRef.of("Message", id), "images").attach(Attachable.bytes(bytes("m" + id), id + ".txt"));
        }
        List<Integer> ids = IntStream.rangeClosed(1, 60).boxed().toList();

        dataSource.reset();
        Map<RecordRef, List<Attachment>> loaded = affix.attachmentsOf("Message", ids);

        assertThat(dataSource.statements()).isEqualTo(1);
        assertThat(loaded).hasSize(60);
        assertThat(loaded.get(RecordRef.of("Message", 7))).singleElement().extracting(a -> a.blob().filename()).isEqualTo("7.txt");
        assertThat(loaded.get(RecordRef.of("Message", 55))).isEmpty();
    }

    @Test
    void deletingARecordAppliesEachDeclaration() {
        Blob avatar = affix.one(RecordRef.of("User", 5), "avatar").attach(bytes("a"), "a.txt").blob();
        Blob image = affix.many(RecordRef.of("Message", 5), "images").attach(Attachable.bytes(bytes("i"), "i.txt")).get(0).blob();
        Blob archived = affix.many(RecordRef.of("Archive", 5), "files").attach(Attachable.bytes(bytes("f"), "f.txt")).get(0).blob();

        affix.recordDeleted(RecordRef.of("User", 5));
        affix.recordDeleted(RecordRef.of("Message", 5));
        affix.recordDeleted(RecordRef.of("Archive", 5));

        assertThat(disk.exists(avatar.key())).isFalse();
        assertThat(disk.exists(image.key())).isFalse();
        assertThat(affix.blobs().find(image.id())).isEmpty();
        assertThat(disk.exists(archived.key())).isTrue();
        assertThat(affix.many(RecordRef.of("Archive", 5), "files").attached()).isTrue();
    }

    @Test
    void registeredClassesAreIdentifiedByTheirStableAlias() {
        record Person(long id) {
        }
        AffixConfig config = affix.config();
        try (Affix withTypes = Affix.builder(config).dataSource(dataSource).jobRunner(new InlineJobRunner())
                .recordType(Person.class, "User", Person::id).build()) {
            withTypes.one(new Person(8), "avatar").attach(bytes("p"), "p.txt");
        }
        assertThat(affix.one(RecordRef.of("User", 8), "avatar").attached()).isTrue();
    }

    @Test
    void numericRecordIdsRefuseTextIds() throws Exception {
        affix.close();
        TestDatabase.dropTables(pool, prefix);
        affix = affix("BIGINT");

        affix.one(RecordRef.of("User", 12), "avatar").attach(bytes("n"), "n.txt");

        assertThat(affix.one(RecordRef.of("User", "12"), "avatar").attached()).isTrue();
        assertThatThrownBy(() -> affix.one(RecordRef.of("User", "abc"), "avatar").attach(bytes("x"), "x.txt"))
                .hasMessageContaining("record id 'abc' is not a number");
    }

    @Test
    void databaseGoingDownMidAttachLeavesNoRowWithoutBytes() {
        dataSource.failWhen(sql -> sql.startsWith("INSERT INTO " + prefix + "attachments"));

        assertThatThrownBy(() -> affix.one(RecordRef.of("User", 1), "avatar").attach(bytes("doomed"), "d.txt"))
                .isInstanceOf(DatabaseException.class).hasMessageContaining("connection lost");

        dataSource.failWhen(sql -> false);
        assertThat(affix.one(RecordRef.of("User", 1), "avatar").attached()).isFalse();
        List<BlobAudit.Problem> problems = new ArrayList<>();
        affix.audit().verify(null, problems::add, blob -> { });
        assertThat(problems).isEmpty();
        assertThat(affix.blobs().unattached(Instant.now().plusSeconds(1), 10)).isEmpty();
        assertThat(objectsInStorage()).isZero();
    }

    @Test
    void auditFindsMissingAndCorruptedBytes() throws IOException {
        Blob missing = affix.one(RecordRef.of("User", 1), "avatar").attach(bytes("m"), "m.txt").blob();
        Blob corrupted = affix.one(RecordRef.of("User", 2), "avatar").attach(bytes("c"), "c.txt").blob();
        affix.one(RecordRef.of("User", 3), "avatar").attach(bytes("fine"), "f.txt");
        disk.delete(missing.key());
        disk.upload(corrupted.key(), new ByteArrayInputStream(bytes("C")), dev.affix.storage.UploadOptions.defaults().overwriting());

        Blob neverSent = affix.blobs().createBeforeDirectUpload("n.txt", 5,
                dev.affix.checksum.Checksum.parse("XUFAKrxLKna5cZ2REBfFkg=="), "text/plain", Map.of(), "local");

        List<BlobAudit.Problem> problems = new ArrayList<>();
        List<Long> checked = new ArrayList<>();
        BlobAudit.Summary summary = affix.audit().verify(null, problems::add, blob -> checked.add(blob.id()));

        assertThat(summary).isEqualTo(new BlobAudit.Summary(4, 2, 1));
        assertThat(checked).hasSize(4);
        assertThat(problems).extracting(p -> p.blob().id() + ":" + p.kind())
                .containsExactlyInAnyOrder(missing.id() + ":missing", corrupted.id() + ":checksum_mismatch",
                        neverSent.id() + ":never_uploaded");
    }

    @Test
    void cleanupReclaimsOnlyOldUnattachedBlobs() {
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(3)), ZoneOffset.UTC);
        Blob abandoned = affix.blobs().create(new ByteArrayInputStream(bytes("abandoned")), NewBlob.named("a.txt"));
        Blob attached = affix.one(RecordRef.of("User", 1), "avatar").attach(bytes("kept"), "k.txt").blob();

        List<Blob> old = affix.blobs().unattached(later.instant().minus(Duration.ofDays(2)), 100);
        old.forEach(affix.blobs()::purge);

        assertThat(old).extracting(Blob::id).containsExactly(abandoned.id());
        assertThat(disk.exists(abandoned.key())).isFalse();
        assertThat(disk.exists(attached.key())).isTrue();
        assertThat(affix.blobs().unattached(Instant.now().minus(Duration.ofDays(1)), 100)).isEmpty();
    }

    @Test
    void keyTemplatesPutATenantsBlobsUnderItsPrefix() {
        Affix acme = affix.forTenant("acme");

        Blob blob = acme.one(RecordRef.of("Doc", 5), "file").attach(bytes("acme's"), "a.txt").blob();
        Blob direct = acme.one(RecordRef.of("Doc", 6), "file").prepareDirectUpload("d.txt", 3, md5(bytes("abc")), "text/plain", Map.of());

        assertThat(blob.key()).matches("acme/attachments/Doc/5/[0-9a-z]{28}");
        assertThat(direct.key()).matches("acme/attachments/Doc/6/[0-9a-z]{28}");
        assertThat(disk.exists(blob.key())).isTrue();

        acme.one(RecordRef.of("Doc", 5), "file").purgeLater();
        assertThat(disk.exists(blob.key())).as("background purge needs no tenant: it is in the key").isFalse();
    }

    @Test
    void aTemplateThatNeedsATenantRefusesToGuessOne() {
        assertThatThrownBy(() -> affix.one(RecordRef.of("Doc", 5), "file").attach(bytes("x"), "x.txt"))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("forTenant");
        assertThatThrownBy(() -> affix.forTenant("../evil").one(RecordRef.of("Doc", 5), "file").attach(bytes("x"), "x.txt"))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("tenant '../evil'");
        assertThat(objectsInStorage()).isZero();
        assertThat(affix.blobs().unattached(Instant.now().plusSeconds(1), 10)).isEmpty();
    }

    @Test
    void theServiceCanBeChosenPerRecord() {
        Blob odd = affix.many(RecordRef.of("Shard", 1), "files").attach(Attachable.bytes(bytes("1"), "1.txt")).get(0).blob();
        Blob even = affix.many(RecordRef.of("Shard", 2), "files").attach(Attachable.bytes(bytes("2"), "2.txt")).get(0).blob();

        assertThat(odd.serviceName()).isEqualTo("odd");
        assertThat(even.serviceName()).isEqualTo("local");
        assertThat(affix.services().get("odd").exists(odd.key())).isTrue();
        assertThat(disk.exists(odd.key())).isFalse();
    }

    @Test
    void movingToAnotherServiceMirrorsNewUploadsThenCopiesVerifiesAndSwitchesTheRest() throws IOException {
        StorageService odd = affix.services().get("odd");
        List<Blob> old = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            old.add(affix.one(RecordRef.of("User", i), "avatar").attach(bytes("old " + i), i + ".txt").blob());
        }
        disk.upload(old.get(2).key(), new ByteArrayInputStream(bytes("rot 2")), dev.affix.storage.UploadOptions.defaults().overwriting());

        Blob mirrored = affix.many(RecordRef.of("Mig", 1), "files").attach(Attachable.bytes(bytes("new"), "n.txt")).get(0).blob();
        assertThat(disk.exists(mirrored.key())).isTrue();
        assertThat(odd.exists(mirrored.key())).isTrue();

        List<BlobCopier.Outcome> outcomes = new ArrayList<>();
        BlobCopier.Summary summary = affix.copier().copy("local", "odd", true, outcomes::add);

        assertThat(summary).isEqualTo(new BlobCopier.Summary(2, 0, 1, 2));
        assertThat(outcomes).filteredOn(o -> o.result().equals("failed")).singleElement()
                .satisfies(o -> assertThat(o.blob().id()).isEqualTo(old.get(2).id()));
        assertThat(affix.blobs().require(old.get(0).id()).serviceName()).isEqualTo("odd");
        assertThat(affix.blobs().require(old.get(2).id()).serviceName()).as("a corrupt source is not switched").isEqualTo("local");
        assertThat(affix.blobs().download(affix.blobs().require(old.get(1).id())).readAllBytes()).isEqualTo(bytes("old 1"));
        assertThat(affix.copier().copy("local", "odd", true, o -> { }).failed()).isEqualTo(1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Checksum md5(byte[] data) {
        return Checksum.of(ChecksumAlgorithm.MD5, ChecksumAlgorithm.MD5.newDigest().digest(data));
    }

    private long objectsInStorage() {
        return StoredFiles.objects(dir.resolve("storage")).size();
    }
}

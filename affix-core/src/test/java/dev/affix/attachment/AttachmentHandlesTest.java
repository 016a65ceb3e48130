package dev.affix.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.blob.Blob;
import dev.affix.blob.BlobMetadata;
import dev.affix.blob.SignedIds;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.InlineJobRunner;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.InvalidKeyException;
import dev.affix.storage.UploadOptions;
import dev.affix.testing.MovableClock;
import dev.affix.testing.StoredFiles;
import dev.affix.testing.TestDatabase;
import dev.affix.validation.AttachmentInvalidException;
import dev.affix.validation.Violation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
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
 * Attachment handles, on H2, PostgreSQL and MariaDB: what they name, that nothing but a genuine, unexpired
 * handle passes, that direct uploads through one are made in the declaration's service at its keys,
 * within its rules, and that one attached to another declaration is copied into that one's service and keys. {@code Doc.scan} keeps its files per tenant and record in the {@code vault} service;
 * {@code Post.files} per tenant, for posts not saved yet; {@code User.avatar}, PNG only, in the default service.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class AttachmentHandlesTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0,
        0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89};

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock();
    private HikariDataSource pool;
    private String prefix;
    private Affix affix;

    @BeforeEach
    void start() {
        prefix = "hdl" + Long.toString(System.nanoTime(), 36) + "_";
        pool = database.open(prefix);
        AffixConfig config = AffixConfig.builder()
                .secret("attachment-handles-test-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix))
                .disk("local", dir.resolve("local"))
                .disk("vault", dir.resolve("vault"))
                .defaultService("local")
                .attachment("Doc.scan", Map.of("kind", "one", "service", "vault", "keys", "{tenant}/scans/{record_type}/{record_id}/{random}",
                        "validate", Map.of("content_types", List.of("image/png", "application/pdf"), "max_byte_size", "1KiB",
                                "min_byte_size", 1)))
                .attachment("Post.files", Map.of("kind", "many", "service", "vault", "keys", "{tenant}/posts/{record_type}/{name}/{random}",
                        "validate", Map.of("content_types", List.of("image/*", "text/plain"))))
                .attachment("User.avatar", Map.of("kind", "one", "validate", Map.of("content_types", List.of("image/png"))))
                .build();
        affix = Affix.builder(config).dataSource(pool).clock(clock).jobRunner(new InlineJobRunner())
                .declare(AttachmentDeclaration.many("Shard", "files").service((record, tenant) -> "vault"))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        affix.close();
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    @Test
    void aHandleNamesItsDeclarationTenantAndRecord() {
        String forDoc = affix.forTenant("acme").attachmentHandle(RecordRef.of("Doc", 7), "scan");
        String forNewPost = affix.forTenant("acme").attachmentHandle("Post", "files");
        String forAvatar = affix.attachmentHandle(RecordRef.of("User", 3), "avatar");

        assertThat(affix.attachmentHandles().verify(forDoc)).contains(new AttachmentHandle("Doc", "scan", "acme", "7"));
        assertThat(affix.attachmentHandles().verify(forNewPost)).contains(new AttachmentHandle("Post", "files", "acme", null));
        assertThat(affix.attachmentHandles().verify(forAvatar)).contains(new AttachmentHandle("User", "avatar", null, "3"));
    }

    @Test
    void aHandleExpires() {
        String handle = affix.forTenant("acme").attachmentHandle("Post", "files");

        clock.advance(AttachmentHandles.VALIDITY.minusSeconds(1));
        assertThat(affix.attachmentHandles().verify(handle)).isPresent();
        // expiries are kept in whole seconds, rounded up
        clock.advance(Duration.ofSeconds(2));
        assertThat(affix.attachmentHandles().verify(handle)).isEmpty();
    }

    @Test
    void aTamperedForgedOrOtherTokenIsNoHandle() {
        String handle = affix.forTenant("acme").attachmentHandle("Post", "files");
        String payload = handle.substring(0, handle.indexOf('.'));
        String signature = handle.substring(handle.indexOf('.'));
        String json = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.US_ASCII);
        String otherTenant = Base64.getUrlEncoder().withoutPadding().encodeToString(json.replace("acme", "evil").getBytes(StandardCharsets.US_ASCII));
        String otherName = Base64.getUrlEncoder().withoutPadding().encodeToString(json.replace("files", "cover").getBytes(StandardCharsets.US_ASCII));
        Map<String, String> claims = Map.of("type", "Post", "name", "files", "tenant", "acme");
        Blob blob = affix.blobs().createBeforeDirectUpload("a.png", PNG.length, md5(PNG), "image/png", Map.of(), null);

        for (String bad : List.of(otherTenant + signature, otherName + signature, handle.substring(0, handle.length() - 2),
                handle + "x", "", payload,
                new MessageSigner("another-secret-of-16-chars", clock).sign(AttachmentHandles.PURPOSE, claims, Duration.ofHours(1)),
                affix.signer().sign("blob/" + SignedIds.BLOB_ID, claims, Duration.ofHours(1)),
                affix.signer().sign(AttachmentHandles.PURPOSE, Map.of("type", "Post"), Duration.ofHours(1)),
                affix.blobs().signedId(blob))) {
            assertThat(affix.attachmentHandles().verify(bad)).as(bad).isEmpty();
        }
        assertThat(affix.blobs().findSigned(handle)).as("nor is a handle a signed blob id").isEmpty();
    }

    @Test
    void aHandleForAnAttachmentNoLongerDeclaredIsNoHandle() {
        String handle = affix.signer().sign(AttachmentHandles.PURPOSE, Map.of("type", "Gone", "name", "files"), Duration.ofHours(1));
        String withoutTheRecordItNeeds = affix.signer().sign(AttachmentHandles.PURPOSE, Map.of("type", "Doc", "name", "scan", "tenant", "acme"),
                Duration.ofHours(1));

        assertThat(affix.attachmentHandles().verify(handle)).isEmpty();
        assertThat(affix.attachmentHandles().verify(withoutTheRecordItNeeds)).isEmpty();
    }

    @Test
    void aHandleIsMadeOnlyWithWhatItsDeclarationNeeds() {
        assertThatThrownBy(() -> affix.forTenant("acme").attachmentHandle("Doc", "scan")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attachment 'Doc.scan' makes keys with {record_id}: make its handle for a saved record");
        assertThatThrownBy(() -> affix.attachmentHandle("Shard", "files")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attachment 'Shard.files' chooses its service per record: make its handle for a saved record");
        assertThatThrownBy(() -> affix.attachmentHandle("Post", "files")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attachment 'Post.files' makes keys with {tenant}: make its handle with affix.forTenant(...)");
        assertThatThrownBy(() -> affix.forTenant("../evil").attachmentHandle("Post", "files")).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("tenant '../evil'");
        assertThatThrownBy(() -> affix.forTenant("acme").attachmentHandle(RecordRef.of("Doc", "a/b"), "scan"))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("record id 'a/b'");
        assertThatThrownBy(() -> affix.attachmentHandle("User", "cover")).isInstanceOf(UndeclaredAttachmentException.class);
        assertThat(affix.attachmentHandle(RecordRef.of("Shard", 1), "files")).isNotBlank();
    }

    @Test
    void anUploadThroughAHandleIsMadeInTheDeclarationsServiceAtItsKeys() {
        AttachmentHandle doc = affix.attachmentHandles().verify(affix.forTenant("acme").attachmentHandle(RecordRef.of("Doc", 7), "scan"))
                .orElseThrow();
        AttachmentHandle post = affix.attachmentHandles().verify(affix.forTenant("acme").attachmentHandle("Post", "files")).orElseThrow();

        Blob scan = affix.attachmentHandles().prepareDirectUpload(doc, "scan.png", PNG.length, md5(PNG), "image/png", Map.of());
        Blob file = affix.attachmentHandles().prepareDirectUpload(post, "notes.txt", 5, md5("notes".getBytes()), "text/plain", Map.of());

        assertThat(scan.serviceName()).isEqualTo("vault");
        assertThat(scan.key()).matches("acme/scans/Doc/7/[0-9a-z]{28}");
        assertThat(file.serviceName()).isEqualTo("vault");
        assertThat(file.key()).matches("acme/posts/Post/files/[0-9a-z]{28}");
    }

    @Test
    void anUploadThatBreaksTheDeclaredRulesIsRefusedNamingEveryRuleAndRecordsNothing() {
        AttachmentHandle doc = affix.attachmentHandles().verify(affix.forTenant("acme").attachmentHandle(RecordRef.of("Doc", 7), "scan"))
                .orElseThrow();

        assertThatThrownBy(() -> affix.attachmentHandles().prepareDirectUpload(doc, "big.gif", 4096, md5(PNG), "image/gif", Map.of()))
                .isInstanceOf(AttachmentInvalidException.class)
                .satisfies(e -> assertThat(((AttachmentInvalidException) e).violations()).containsExactly(
                        new Violation("content_types", "'big.gif' is image/gif, not one of [application/pdf, image/png]"),
                        new Violation("max_byte_size", "'big.gif' is 4096 bytes, more than 1024")));
        assertThatThrownBy(() -> affix.attachmentHandles().prepareDirectUpload(doc, "empty.pdf", 0, md5(new byte[0]), "application/pdf",
                Map.of())).isInstanceOf(AttachmentInvalidException.class).hasMessageContaining("min_byte_size: 'empty.pdf' is 0 bytes, less than 1");

        assertThat(affix.blobs().count(null)).isZero();
    }

    @Test
    void anUploadAttachedWhereItWasMadeForKeepsItsBlob() {
        AttachmentHandle doc = affix.attachmentHandles().verify(affix.forTenant("acme").attachmentHandle(RecordRef.of("Doc", 7), "scan"))
                .orElseThrow();
        Blob upload = uploaded(affix.attachmentHandles().prepareDirectUpload(doc, "scan.png", PNG.length, md5(PNG), "image/png", Map.of()));

        Blob attached = affix.forTenant("acme").one(RecordRef.of("Doc", 7), "scan").attachSigned(affix.blobs().signedId(upload)).blob();

        assertThat(attached.id()).isEqualTo(upload.id());
        assertThat(attached.key()).isEqualTo(upload.key());
        assertThat(attached.contentType()).isEqualTo("image/png");
    }

    @Test
    void anUploadAttachedToADeclarationOfAnotherServiceIsCopiedThereAndTheUploadPurged() throws Exception {
        AttachmentHandle post = affix.attachmentHandles().verify(affix.forTenant("acme").attachmentHandle("Post", "files")).orElseThrow();
        Blob upload = uploaded(affix.attachmentHandles().prepareDirectUpload(post, "me.png", PNG.length, md5(PNG), "image/png",
                Map.of("camera", "x100")));

        Blob attached = affix.one(RecordRef.of("User", 3), "avatar").attachSigned(affix.blobs().signedId(upload)).blob();

        assertThat(attached.id()).isNotEqualTo(upload.id());
        assertThat(attached.serviceName()).isEqualTo("local");
        assertThat(attached.key()).doesNotStartWith("acme/");
        assertThat(attached.checksum()).isEqualTo(upload.checksum());
        assertThat(attached.customMetadata()).isEqualTo(Map.of("camera", "x100"));
        try (var in = affix.blobs().download(attached)) {
            assertThat(in.readAllBytes()).isEqualTo(PNG);
        }
        assertThat(affix.blobs().find(upload.id())).as("the upload's row").isEmpty();
        assertThat(affix.services().get("vault").exists(upload.key())).as("the upload's bytes").isFalse();
    }

    @Test
    void anUploadMadeForAnotherDeclarationInTheSameServiceIsCopiedToThisOnesKeys() {
        AttachmentHandle post = affix.attachmentHandles().verify(affix.forTenant("acme").attachmentHandle("Post", "files")).orElseThrow();
        Blob upload = uploaded(affix.attachmentHandles().prepareDirectUpload(post, "scan.png", PNG.length, md5(PNG), "image/png", Map.of()));

        Blob attached = affix.forTenant("acme").one(RecordRef.of("Doc", 8), "scan").attachSigned(affix.blobs().signedId(upload)).blob();

        assertThat(attached.serviceName()).isEqualTo("vault");
        assertThat(attached.key()).matches("acme/scans/Doc/8/[0-9a-z]{28}");
        assertThat(affix.blobs().find(upload.id())).isEmpty();
        assertThat(StoredFiles.objects(dir.resolve("vault"))).hasSize(1);
    }

    @Test
    void anUploadMadeForOneTenantAndAttachedUnderAnotherIsCopiedToThatTenantsKeys() {
        AttachmentHandle acme = affix.attachmentHandles().verify(affix.forTenant("acme").attachmentHandle("Post", "files")).orElseThrow();
        Blob upload = uploaded(affix.attachmentHandles().prepareDirectUpload(acme, "a.png", PNG.length, md5(PNG), "image/png", Map.of()));

        Blob attached = affix.forTenant("globex").many(RecordRef.of("Post", 9), "files").attach(
                List.of(Attachable.signedId(affix.blobs().signedId(upload)))).get(0).blob();

        assertThat(attached.key()).as("not left under acme's prefix").matches("globex/posts/Post/files/[0-9a-z]{28}");
        assertThat(affix.blobs().find(upload.id())).isEmpty();
        assertThat(affix.services().get("vault").exists(upload.key())).isFalse();
    }

    @Test
    void aPlainUploadIsAttachedAsItIsWhereverItsSlot() {
        Blob upload = uploaded(affix.blobs().createBeforeDirectUpload("scan.png", PNG.length, md5(PNG), "image/png", Map.of(), null));

        Blob attached = affix.forTenant("acme").one(RecordRef.of("Doc", 8), "scan").attachSigned(affix.blobs().signedId(upload)).blob();

        assertThat(attached.id()).isEqualTo(upload.id());
        assertThat(attached.serviceName()).isEqualTo("local");
        assertThat(upload.metadata()).doesNotContainKey(BlobMetadata.DIRECT_UPLOAD_FOR);
    }

    @Test
    void anUploadRecordsTheAttachmentItWasMadeFor() {
        AttachmentHandle doc = affix.attachmentHandles().verify(affix.forTenant("acme").attachmentHandle(RecordRef.of("Doc", 7), "scan"))
                .orElseThrow();

        Blob throughHandle = affix.attachmentHandles().prepareDirectUpload(doc, "a.png", PNG.length, md5(PNG), "image/png",
                Map.of(BlobMetadata.DIRECT_UPLOAD_FOR, "User.avatar"));
        Blob throughSlot = affix.one(RecordRef.of("User", 5), "avatar").prepareDirectUpload("b.png", PNG.length, md5(PNG), "image/png", Map.of());

        assertThat(throughHandle.metadata()).containsEntry(BlobMetadata.DIRECT_UPLOAD_FOR, "Doc.scan (tenant acme)")
                .doesNotContainKey(BlobMetadata.CUSTOM);
        assertThat(throughSlot.metadata()).containsEntry(BlobMetadata.DIRECT_UPLOAD_FOR, "User.avatar");
    }

    @Test
    void anUploadThatTheOtherDeclarationRefusesIsNeitherCopiedNorKept() {
        AttachmentHandle post = affix.attachmentHandles().verify(affix.forTenant("acme").attachmentHandle("Post", "files")).orElseThrow();
        byte[] text = "just some words".getBytes(StandardCharsets.US_ASCII);
        Blob upload = uploaded(affix.attachmentHandles().prepareDirectUpload(post, "a.txt", text.length, md5(text), "text/plain", Map.of()),
                text);

        assertThatThrownBy(() -> affix.one(RecordRef.of("User", 4), "avatar").attachSigned(affix.blobs().signedId(upload)))
                .isInstanceOf(AttachmentInvalidException.class).hasMessageContaining("content_types: 'a.txt' is text/plain");

        assertThat(affix.blobs().count(null)).isZero();
        assertThat(StoredFiles.objects(dir.resolve("vault"))).isEmpty();
        assertThat(dir.resolve("local")).satisfiesAnyOf(root -> assertThat(root).doesNotExist(),
                root -> assertThat(StoredFiles.objects(root)).isEmpty());
    }

    /** The blob once the browser's PUT has stored the bytes. */
    private Blob uploaded(Blob blob) {
        return uploaded(blob, PNG);
    }

    private Blob uploaded(Blob blob, byte[] bytes) {
        affix.blobs().service(blob).upload(blob.key(), new ByteArrayInputStream(bytes), UploadOptions.verifying(blob.checksum()));
        return blob;
    }

    private static Checksum md5(byte[] bytes) {
        return Checksum.of(ChecksumAlgorithm.MD5, ChecksumAlgorithm.MD5.newDigest().digest(bytes));
    }
}

package dev.affix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.Affix;
import dev.affix.config.AffixConfig;
import dev.affix.json.Json;
import dev.affix.resumable.NewUploadSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** attach, ls, download, purge, verify and cleanup on the embedded default (H2 under ./data, Disk under ./storage). */
class AttachmentCommandsTest {

    @TempDir
    Path dir;
    private Path config;

    record Result(int exitCode, String out, String err) {
        Map<String, Object> json() {
            return Json.readObject(out);
        }
    }

    @BeforeEach
    void files() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "plain notes\n");
        Files.write(dir.resolve("pixel.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H',
            'D', 'R'});
        config = Files.writeString(dir.resolve("affix.yml"), """
                default_service: local
                database: { url: "jdbc:h2:file:%s/data/affix" }
                secret: a-long-enough-secret
                services:
                  local: { service: Disk, root: %s/storage }
                  archive: { service: Disk, root: %s/archive }
                attachments:
                  User.avatar: { kind: one }
                  Post.files: { kind: many }
                  Doc.scan: { kind: one, validate: { content_types: [application/pdf], max_byte_size: 4 } }
                """.formatted(dir, dir, dir));
    }

    @Test
    void attachListDownloadAndPurge() throws IOException {
        Result first = run("attach", "notes.txt", "--record", "User:1", "--name", "avatar");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.json()).containsEntry("filename", "notes.txt").containsEntry("content_type", "text/plain")
                .containsKey("signed_id");
        Result second = run("attach", "pixel.png", "--record", "User:1", "--name", "avatar");
        assertThat(second.json()).containsEntry("content_type", "image/png");

        Result listing = run("ls", "--record", "User:1");
        List<Object> attachments = Json.mapper().readValue(listing.out(), List.class);
        assertThat(attachments).hasSize(1);
        assertThat(listing.out()).contains("pixel.png").doesNotContain("notes.txt");

        Result download = run("download", (String) second.json().get("signed_id"), "-o", "copy.png");
        assertThat(download.exitCode()).as(download.err()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("copy.png"))).isEqualTo(Files.readAllBytes(dir.resolve("pixel.png")));

        Result purge = run("purge", "--record", "User:1", "--name", "avatar");
        assertThat(purge.exitCode()).isZero();
        assertThat(purge.out()).contains("pixel.png");
        assertThat(run("ls", "--record", "User:1").out()).isEqualTo("[]");
        assertThat(objectsInStorage()).isZero();
    }

    @Test
    void aNamespacedRecordTypeAsRailsWritesIt() {
        Result attached = run("attach", "notes.txt", "--record", "Admin::User:42", "--name", "avatar", "--kind", "one");
        assertThat(attached.exitCode()).as(attached.err()).isZero();

        Result listing = run("ls", "--record", "Admin::User:42");
        assertThat(listing.exitCode()).as(listing.err()).isZero();
        assertThat(listing.out()).contains("\"record\":\"Admin::User:42\"").contains("notes.txt");
    }

    @Test
    void hasManyAppends() {
        run("attach", "notes.txt", "--record", "Post:7", "--name", "files");
        run("attach", "pixel.png", "--record", "Post:7", "--name", "files");

        assertThat(run("ls", "--record", "Post:7").out()).contains("notes.txt").contains("pixel.png");
    }

    @Test
    void undeclaredNamesAndBadSignedIdsAreRefused() {
        Result undeclared = run("attach", "notes.txt", "--record", "User:1", "--name", "cover");
        assertThat(undeclared.exitCode()).isEqualTo(AffixCli.REFUSED);
        assertThat(undeclared.err()).contains("'User.cover' is not declared").contains("--kind");
        assertThat(run("attach", "notes.txt", "--record", "User:1", "--name", "cover", "--kind", "one").exitCode()).isZero();

        String signed = (String) run("attach", "notes.txt", "--record", "User:2", "--name", "avatar").json().get("signed_id");
        Result tampered = run("download", signed.substring(0, signed.length() - 2) + "xx");
        assertThat(tampered.exitCode()).isEqualTo(AffixCli.REFUSED);
        assertThat(tampered.err()).contains("signed blob id is invalid");
        assertThat(run("attach", "missing.txt", "--record", "User:3", "--name", "avatar").err()).contains("does not exist");
    }

    @Test
    void anAttachThatBreaksTheDeclarationsRulesIsRefusedWithEveryRuleAndKeepsNothing() throws IOException {
        Result refused = run("attach", "notes.txt", "--record", "Doc:1", "--name", "scan");

        assertThat(refused.exitCode()).isEqualTo(AffixCli.REFUSED);
        assertThat(refused.err()).contains("attachment 'Doc.scan' refused").contains("content_types: 'notes.txt' is text/plain")
                .contains("max_byte_size: 'notes.txt' is 12 bytes, more than 4");
        assertThat(run("ls", "--unattached").out()).doesNotContain("notes.txt");
        try (Stream<Path> stored = Files.walk(dir.resolve("storage"))) {
            assertThat(stored.filter(Files::isRegularFile).filter(p -> !dir.resolve("storage").relativize(p).toString().startsWith(".")))
                    .isEmpty();
        }
    }

    @Test
    void verifyReportsMissingAndCorruptedBytesAndExitsNonZero() throws IOException {
        Result attached = run("attach", "notes.txt", "--record", "Post:1", "--name", "files");
        assertThat(attached.out()).as("keys in a fixed order").containsPattern(
                "^\\{\"id\":\\d+,\"key\":\"[^\"]+\",\"filename\":\"notes.txt\",\"content_type\":.*"
                        + "\"attachment\":\\{\"id\":\\d+,\"record\":\"Post:1\",\"name\":\"files\",\"created_at\":\"[^\"]+\"\\}\\}$");
        Map<String, Object> kept = attached.json();
        Map<String, Object> lost = run("attach", "pixel.png", "--record", "Post:2", "--name", "files").json();
        Map<String, Object> damaged = run("attach", "notes.txt", "--record", "Post:3", "--name", "files", "--filename", "d.txt").json();
        assertThat(run("verify").exitCode()).isZero();

        assertThat(run("rm", (String) lost.get("key")).exitCode()).isZero();
        Path damagedFile = fileOf((String) damaged.get("key"));
        Files.writeString(damagedFile, "plain-notes\n");

        Result verify = run("verify");
        assertThat(verify.exitCode()).isEqualTo(AffixCli.FAILED);
        assertThat(verify.out()).contains("\"problem\":\"missing\",\"blob_id\":" + lost.get("id"))
                .contains("\"problem\":\"checksum_mismatch\",\"blob_id\":" + damaged.get("id"))
                .doesNotContain("\"blob_id\":" + kept.get("id") + ",")
                .endsWith("{\"checked\":3,\"problems\":2,\"never_uploaded\":0}");
        assertThat(verify.err()).contains("2 of 3 blobs");

        Result download = run("download", (String) damaged.get("signed_id"), "-o", "bad.txt");
        assertThat(download.exitCode()).isEqualTo(AffixCli.REFUSED);
        assertThat(dir.resolve("bad.txt")).doesNotExist();
    }

    @Test
    void verifyTellsANeverFinishedUploadFromLostBytesAndDrawsProgressOnATerminal() throws IOException {
        run("attach", "notes.txt", "--record", "Post:1", "--name", "files");
        try (var affix = dev.affix.Affix.start(dev.affix.config.AffixConfig.load(config, null, Map.of()))) {
            affix.blobs().createBeforeDirectUpload("never.txt", 5, dev.affix.checksum.Checksum.parse("XUFAKrxLKna5cZ2REBfFkg=="),
                    "text/plain", Map.of(), "local");
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AffixCli.run(Map.of(), dir, out, err, true, "--config", config.toString(), "verify");

        assertThat(code).as("a browser that never sent its bytes lost nothing").isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"problem\":\"never_uploaded\"")
                .contains("{\"checked\":2,\"problems\":0,\"never_uploaded\":1}");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("\r[" + "#".repeat(30) + "] 2/2 blobs, ").endsWith("\n");
    }

    @Test
    void cleanupPurgesOnlyOldUnattachedBlobs() {
        run("attach", "notes.txt", "--record", "User:1", "--name", "avatar");
        run("attach", "pixel.png", "--record", "User:1", "--name", "avatar", "--kind", "one");

        Result young = run("cleanup", "--unattached-older-than", "1h");
        assertThat(young.json()).containsEntry("purged", 0);

        run("attach", "notes.txt", "--record", "Post:1", "--name", "files");
        Result dry = run("cleanup", "--unattached-older-than", "0s", "--dry-run");
        assertThat(dry.json()).containsEntry("would_purge", 0);
        assertThat(run("cleanup", "--unattached-older-than", "soon").err()).contains("not like 2d");
    }

    @Test
    void cleanupRemovesTheTemporaryFilesOfAbandonedUploadsAndReportsThem() throws IOException {
        run("attach", "notes.txt", "--record", "User:1", "--name", "avatar");
        Path tmp = dir.resolve("storage/.tmp");
        Path stale = Files.writeString(tmp.resolve("upload-killed.part"), "half an upload");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path live = Files.writeString(tmp.resolve("upload-live.part"), "an upload going on");

        Result cleanup = run("cleanup", "--unattached-older-than", "1h", "--abandoned-uploads-older-than", "1h");

        assertThat(cleanup.exitCode()).as(cleanup.err()).isZero();
        assertThat(cleanup.json()).containsEntry("purged", 0).containsEntry("pending_objects_deleted", 0)
                .containsEntry("pending_deletions_failed", 0).containsEntry("abandoned_uploads_removed", 1);
        assertThat(stale).doesNotExist();
        assertThat(live).exists();
        assertThat(run("cleanup", "--unattached-older-than", "1h", "--dry-run").json()).doesNotContainKey("abandoned_uploads_removed");
        assertThat(run("cleanup", "--unattached-older-than", "1h", "--abandoned-uploads-older-than", "a while").err())
                .contains("not like 2d");
    }

    @Test
    void cleanupDeletesWhatResumableUploadsPastTheirExpiryLeftAndReportsThem() throws Exception {
        Files.writeString(config, Files.readString(config) + "http: { resumable_uploads: { expires_in: 1s } }\n");
        String token;
        try (Affix affix = Affix.start(AffixConfig.load(config, null, Map.of()))) {
            token = affix.uploadSessions().create(new NewUploadSession(null, null, "big.bin", "application/octet-stream", 1000, Map.of(),
                    Map.of())).token();
            affix.uploadSessions().append(token, 0, new ByteArrayInputStream(new byte[400]), 400, null);
        }
        Path resumable = dir.resolve("storage/.tmp/resumable");
        assertThat(resumable).isNotEmptyDirectory();
        Thread.sleep(1500);

        Result dry = run("cleanup", "--unattached-older-than", "1h", "--dry-run");
        assertThat(dry.json()).containsEntry("would_abandon_resumable_uploads", 1).containsEntry("abandoned_resumable_bytes", 400);
        assertThat(resumable).isNotEmptyDirectory();
        Result cleanup = run("cleanup", "--unattached-older-than", "1h");

        assertThat(cleanup.exitCode()).as(cleanup.err()).isZero();
        assertThat(cleanup.json()).containsEntry("abandoned_resumable_uploads", 1).containsEntry("abandoned_resumable_bytes", 400)
                .containsEntry("finished_resumable_uploads_forgotten", 0).containsEntry("resumable_uploads_failed", 0);
        assertThat(resumable).isEmptyDirectory();
        assertThat(run("cleanup", "--unattached-older-than", "1h").json()).containsEntry("abandoned_resumable_uploads", 0);
    }

    @Test
    void copyMovesBlobsToAnotherServiceAndIsSafeToRepeat() {
        Map<String, Object> blob = run("attach", "notes.txt", "--record", "User:1", "--name", "avatar").json();

        Result copy = run("copy", "--from", "local", "--to", "archive", "--switch");
        assertThat(copy.exitCode()).as(copy.err()).isZero();
        assertThat(copy.out()).isEqualTo("{\"copied\":1,\"already_present\":0,\"failed\":0,\"switched\":1}");
        assertThat(run("ls", "--record", "User:1").out()).contains("\"service_name\":\"archive\"");
        assertThat(run("download", (String) blob.get("signed_id"), "-o", "back.txt").exitCode()).isZero();
        assertThat(run("copy", "--from", "local", "--to", "archive").out()).startsWith("{\"copied\":0");
        assertThat(run("copy", "--from", "local", "--to", "nowhere").err()).contains("no storage service is named 'nowhere'");
    }

    private Result run(String... args) {
        String[] withConfig = Stream.concat(Stream.of("--config", config.toString()), Stream.of(args)).toArray(String[]::new);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AffixCli.run(Map.of(), dir, out, err, withConfig);
        return new Result(code, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8));
    }

    private Path fileOf(String key) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("storage"))) {
            return files.filter(p -> p.getFileName().toString().equals(key)).findFirst().orElseThrow();
        }
    }

    private long objectsInStorage() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("storage"))) {
            return files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.tmp/")).count();
        }
    }
}

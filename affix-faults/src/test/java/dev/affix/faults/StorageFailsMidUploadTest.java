package dev.affix.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.Affix;
import dev.affix.attachment.HasOne;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.config.AffixConfig;
import dev.affix.job.InlineJobRunner;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageService;
import dev.affix.storage.disk.DiskTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The storage fails while bytes stream into it: s3proxy stopped mid-request, and a Disk root made
 * immutable mid-write. Root ignores file modes, so a chmod would change nothing for these tests; the
 * immutable attribute ({@code chattr +i}) binds root too, and makes even writes to a file already
 * open fail, which is what a disk turning read-only under a running upload looks like. In every
 * case: a clear exception, the earlier attachment intact, nothing incomplete attachable, and after
 * a cleanup no row without bytes and no bytes without a row.
 */
class StorageFailsMidUploadTest extends FaultTestOnPostgreSql {

    private static final long LARGE = 24L * 1024 * 1024;
    private static final long TRIP_AT = 12L * 1024 * 1024;

    @Test
    void anS3OutageWhileAnAttachStreamsLeavesTheEarlierAttachmentAndNothingElse() throws IOException {
        try (S3Server s3 = new S3Server(); Affix affix = start(PostgreSql.config(prefix).service("s3", "S3", s3.serviceSettings()))) {
            HasOne doc = affix.one(RecordRef.of("Doc", 1), "file");
            Blob before = doc.attach(bytes("before"), "before.txt").blob();
            Tripwire body = new Tripwire(new Content(1, LARGE), TRIP_AT, s3::stop);

            assertThatThrownBy(() -> doc.attach(body, "large.bin")).isInstanceOf(StorageException.class)
                    .hasMessageContaining("s3");
            assertThat(body.tripped()).isTrue();
            s3.start();

            assertThat(doc.blob()).get().extracting(Blob::id).isEqualTo(before.id());
            System.out.println("multipart uploads left unfinished by the outage: " + s3.unfinishedMultipartUploads());
            AfterFault.cleanup(affix);
            AfterFault.assertConsistent(affix, pool, prefix, s3.keys());
        }
    }

    @Test
    void anS3OutageWhileABrowserUploadsDirectlyLeavesNothingAttachable() throws Exception {
        try (S3Server s3 = new S3Server(); Affix affix = start(PostgreSql.config(prefix).service("s3", "S3", s3.serviceSettings()))) {
            HasOne doc = affix.one(RecordRef.of("Doc", 2), "file");
            Blob blob = doc.prepareDirectUpload("direct.bin", LARGE, Content.md5(2, LARGE), "application/octet-stream", Map.of());
            DirectUploadTarget target = affix.blobs().directUploadTarget(blob, Duration.ofMinutes(5));
            Tripwire body = new Tripwire(new Content(2, LARGE), TRIP_AT, s3::stop);

            HttpRequest.Builder put = HttpRequest.newBuilder(target.url())
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body), LARGE));
            target.headers().forEach(put::header);
            HttpClient browser = HttpClient.newHttpClient();
            assertThatThrownBy(() -> browser.send(put.build(), HttpResponse.BodyHandlers.discarding()))
                    .as("the upload breaks off").isInstanceOf(IOException.class);
            assertThat(body.tripped()).isTrue();
            s3.start();

            assertThatThrownBy(() -> doc.attachSigned(affix.blobs().signedId(blob))).isInstanceOf(ObjectNotFoundException.class);
            assertThat(doc.attached()).isFalse();
            AfterFault.cleanup(affix);
            AfterFault.assertConsistent(affix, pool, prefix, s3.keys());
        }
    }

    @Test
    void aDiskRootMadeImmutableWhileAnAttachStreamsLeavesTheEarlierAttachmentAndNothingElse() {
        Path root = dir.resolve("storage");
        try (Affix affix = start(PostgreSql.config(prefix).service("local", "Disk", Map.of("root", root.toString(), "sync", true)))) {
            HasOne doc = affix.one(RecordRef.of("Doc", 3), "file");
            Blob before = doc.attach(bytes("before"), "before.txt").blob();
            Tripwire body = new Tripwire(new Content(3, LARGE), TRIP_AT, () -> immutable(root, true));
            try {
                assertThatThrownBy(() -> doc.attach(body, "large.bin")).isInstanceOf(StorageException.class)
                        .hasMessageContaining("Operation not permitted");
            } finally {
                immutable(root, false);
            }
            assertThat(body.tripped()).isTrue();

            assertThat(doc.blob()).get().extracting(Blob::id).isEqualTo(before.id());
            System.out.println("temporary files left by the failed write: " + AfterFault.temporaryFiles(root));
            AfterFault.cleanup(affix);
            AfterFault.assertConsistent(affix, pool, prefix, AfterFault.diskKeys(root));
            assertThat(AfterFault.temporaryFiles(root)).isEmpty();
        }
    }

    @Test
    void aDiskRootMadeImmutableWhileABrowserUploadsDirectlyLeavesNothingAttachable() {
        Path root = dir.resolve("storage");
        try (Affix affix = start(PostgreSql.config(prefix).service("local", "Disk", Map.of("root", root.toString(), "sync", true)))) {
            HasOne doc = affix.one(RecordRef.of("Doc", 4), "file");
            Blob blob = doc.prepareDirectUpload("direct.bin", LARGE, Content.md5(4, LARGE), "application/octet-stream", Map.of());
            StorageService disk = affix.services().get("local");
            String path = affix.blobs().directUploadTarget(blob, Duration.ofMinutes(5)).url().getRawPath();
            DiskTokens.UploadGrant grant = new DiskTokens(affix.signer()).verifyUpload(path.substring(path.lastIndexOf('/') + 1))
                    .orElseThrow();
            grant.requireDeclared("application/octet-stream", LARGE);
            Tripwire body = new Tripwire(new Content(4, LARGE), TRIP_AT, () -> immutable(root, true));
            try {
                // what the Disk endpoint does with a PUT it has checked against its grant
                assertThatThrownBy(() -> disk.upload(grant.key(), body, grant.uploadOptions()))
                        .isInstanceOf(StorageException.class).hasMessageContaining("Operation not permitted");
            } finally {
                immutable(root, false);
            }
            assertThat(body.tripped()).isTrue();

            assertThatThrownBy(() -> doc.attachSigned(affix.blobs().signedId(blob))).isInstanceOf(ObjectNotFoundException.class);
            assertThat(doc.attached()).isFalse();
            AfterFault.cleanup(affix);
            AfterFault.assertConsistent(affix, pool, prefix, AfterFault.diskKeys(root));
            assertThat(AfterFault.temporaryFiles(root)).isEmpty();
        }
    }

    private Affix start(AffixConfig.Builder config) {
        return Affix.builder(config.build()).dataSource(pool).jobRunner(new InlineJobRunner()).build();
    }

    /** Sets or clears the immutable attribute on everything under the root: writes then fail, for root too. */
    private static void immutable(Path root, boolean on) {
        try {
            Process chattr = new ProcessBuilder("chattr", "-R", on ? "+i" : "-i", root.toString()).redirectErrorStream(true).start();
            String output = new String(chattr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (chattr.waitFor() != 0) {
                throw new IllegalStateException("chattr " + (on ? "+i" : "-i") + " failed on " + root + " (the test needs an ext4 or "
                        + "similar file system, and root): " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("chattr could not run (package e2fsprogs)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.affix.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.config.AffixConfig;
import dev.affix.signing.MessageSigner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The partial files of uploads whose process was killed are removed once idle; those of live uploads stay. */
class AbandonedUploadsTest {

    @TempDir
    Path dir;
    private StorageServices services;

    @BeforeEach
    void start() {
        AffixConfig config = AffixConfig.builder().secret("abandoned-uploads-secret")
                .disk("local", dir.resolve("local"))
                .disk("copy", dir.resolve("copy"))
                .service("both", "Mirror", Map.of("primary", "local", "mirrors", List.of("copy")))
                .build();
        services = StorageServices.create(config, new MessageSigner(config.secret(), Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        services.close();
    }

    @Test
    void diskRemovesPartialFilesIdleLongerThanTheThresholdAndKeepsFreshOnes() throws IOException {
        Path stale = partFile("local", "stale", Duration.ofHours(3));
        Path fresh = partFile("local", "fresh", Duration.ZERO);
        Path object = dir.resolve("local/ab/cd/abcd-object");
        Files.createDirectories(object.getParent());
        Files.writeString(object, "an object, however old");
        Files.setLastModifiedTime(object, FileTime.from(Instant.now().minus(Duration.ofDays(30))));

        assertThat(services.get("local").deleteAbandonedUploads(Duration.ofHours(1))).isEqualTo(1);

        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(object).as("only the temporary folder is swept").exists();
        assertThat(services.get("local").deleteAbandonedUploads(Duration.ofHours(1))).isZero();
    }

    @Test
    void anUploadInProgressIsNotAbandoned() throws IOException {
        InputStream slow = new InputStream() {
            private int left = 3 * 1024 * 1024;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left <= 0) {
                    return -1;
                }
                if (left == 2 * 1024 * 1024) {
                    // a sweep while the upload is writing: its file is fresh
                    assertThat(services.get("local").deleteAbandonedUploads(Duration.ofSeconds(30))).isZero();
                }
                int n = Math.min(Math.min(length, left), 64 * 1024);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'x');
                left -= n;
                return n;
            }
        };

        StoredObject stored = services.get("local").upload("live-upload", slow, UploadOptions.defaults());

        assertThat(stored.byteSize()).isEqualTo(3 * 1024 * 1024);
    }

    @Test
    void aMirrorSweepsEveryServiceAndDecoratorsForwardTheSweep() throws IOException {
        partFile("local", "a", Duration.ofDays(2));
        partFile("copy", "b", Duration.ofDays(2));
        partFile("copy", "c", Duration.ofDays(2));
        StorageService decorated = new ForwardingStorageService(services.get("both")) { };

        assertThat(decorated.deleteAbandonedUploads(Duration.ofDays(1))).isEqualTo(3);
        assertThat(dir.resolve("local/.tmp")).isEmptyDirectory();
        assertThat(dir.resolve("copy/.tmp")).isEmptyDirectory();
    }

    private Path partFile(String root, String name, Duration age) throws IOException {
        Path file = Files.writeString(dir.resolve(root).resolve(".tmp").resolve("upload-" + name + ".part"), "partial bytes");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }
}

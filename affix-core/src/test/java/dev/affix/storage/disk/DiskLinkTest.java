package dev.affix.storage.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Giving a key the bytes of a local file without copying them: a hard link, verified, or declined. */
class DiskLinkTest {

    @TempDir
    Path temp;
    private Path root;
    private DiskTokens tokens;
    private DiskService disk;
    private Path legacy;

    @BeforeEach
    void setUp() throws IOException {
        root = temp.resolve("storage");
        tokens = new DiskTokens(new MessageSigner("disk-link-secret-0123456789", Clock.systemUTC()));
        disk = new DiskService("local", root, false, true, tokens, HttpSettings.DEFAULT);
        legacy = Files.writeString(temp.resolve("legacy.txt"), "legacy bytes");
    }

    @Test
    void aLinkSharesTheFileAndReportsItsChecksum() throws Exception {
        Optional<StoredObject> linked = disk.link("copies/one", legacy, UploadOptions.defaults());

        assertThat(linked).get().satisfies(stored -> {
            assertThat(stored.byteSize()).isEqualTo(12);
            assertThat(stored.checksum()).isEqualTo(md5("legacy bytes"));
        });
        assertThat(Files.isSameFile(disk.localFile("copies/one").orElseThrow(), legacy)).isTrue();
        try (InputStream in = disk.download("copies/one")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("legacy bytes");
        }
    }

    @Test
    void bytesThatDoNotMatchTheExpectedChecksumLeaveNothingAtTheKey() throws Exception {
        UploadOptions expecting = UploadOptions.verifying(md5("other bytes"));

        assertThatThrownBy(() -> disk.link("copies/one", legacy, expecting)).isInstanceOf(IntegrityException.class);
        assertThat(disk.exists("copies/one")).isFalse();
        assertThat(legacy).hasContent("legacy bytes");
    }

    @Test
    void aTakenKeyIsRefusedAndKeepsItsObject() {
        disk.upload("copies/one", new ByteArrayInputStream("first".getBytes(StandardCharsets.UTF_8)), UploadOptions.defaults());

        assertThatThrownBy(() -> disk.link("copies/one", legacy, UploadOptions.defaults())).isInstanceOf(KeyExistsException.class);
        assertThat(disk.head("copies/one")).get().extracting(o -> o.byteSize()).isEqualTo(5L);
    }

    @Test
    void aFileOnAnotherFileSystemIsDeclined() throws IOException {
        Path shm = Path.of("/dev/shm");
        assertThat(Files.getFileStore(shm)).as("/dev/shm is a tmpfs of its own on these machines").isNotEqualTo(Files.getFileStore(temp));
        Path elsewhere = Files.createTempFile(shm, "affix-link-", ".txt");
        try {
            assertThat(disk.link("copies/one", elsewhere, UploadOptions.defaults())).isEmpty();
            assertThat(disk.exists("copies/one")).isFalse();
        } finally {
            Files.delete(elsewhere);
        }
    }

    @Test
    void aServiceThatGivesItsFilesAGroupDeclinesRatherThanChangeTheSharedFile() throws IOException {
        String group = Files.readAttributes(temp, PosixFileAttributes.class).group().getName();
        DiskService grouped = new DiskService("grouped", temp.resolve("grouped"), false, true, group, tokens, HttpSettings.DEFAULT);

        assertThat(grouped.link("copies/one", legacy, UploadOptions.defaults())).isEmpty();
        assertThat(grouped.exists("copies/one")).isFalse();
    }

    private static Checksum md5(String content) throws Exception {
        return Checksum.of(ChecksumAlgorithm.MD5, MessageDigest.getInstance("MD5").digest(content.getBytes(StandardCharsets.UTF_8)));
    }
}

package dev.affix.storage.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.checksum.Checksum;
import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.DirectUploadRequest;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.InvalidKeyException;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.StorageException;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UrlOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the Disk service promises beyond the shared contract: files, folders, symlinks, tokens. */
class DiskServiceTest {

    @TempDir
    Path temp;
    private Path root;
    private DiskService disk;
    private DiskTokens tokens;

    @BeforeEach
    void setUp() {
        root = temp.resolve("storage");
        tokens = new DiskTokens(new MessageSigner("disk-test-secret-0123456789", Clock.systemUTC()));
        disk = new DiskService("local", root, false, true, tokens, HttpSettings.DEFAULT);
    }

    @Test
    void keysAreShardedIntoTwoFolderLevels() {
        disk.upload("abcdefgh", stream("x"), UploadOptions.defaults());
        disk.upload("t1/attachments/7", stream("y"), UploadOptions.defaults());

        assertThat(root.resolve("ab/cd/abcdefgh")).isRegularFile();
        assertThat(root.resolve("t1/a/t1/attachments/7")).isRegularFile();
    }

    @Test
    void filesAreCreatedWithoutExecuteBits() throws IOException {
        disk.upload("perm/file", stream("x"), UploadOptions.defaults());

        assertThat(Files.getPosixFilePermissions(root.resolve("pe/rm/perm/file")))
                .doesNotContain(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
    }

    @Test
    void failedUploadsLeaveNoPartialFileAnywhere() throws IOException {
        assertThatThrownBy(() -> disk.upload("partial", stream("abc"), UploadOptions.verifying(md5("abd"))))
                .isInstanceOf(IntegrityException.class);

        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void fileLinksAreFollowedOnlyWhenTheyStayInsideTheRoot() throws IOException {
        disk.upload("real/one", stream("inside"), UploadOptions.defaults());
        Path outside = Files.createDirectories(temp.resolve("outside-file"));
        Files.writeString(outside.resolve("secret"), "not yours");
        Files.createDirectories(root.resolve("li/nk"));
        Files.createSymbolicLink(root.resolve("li/nk/link-in"), disk.localFile("real/one").orElseThrow());
        Files.createSymbolicLink(root.resolve("li/nk/link-out"), outside.resolve("secret"));

        assertThat(read(disk.download("link-in"))).isEqualTo("inside");
        assertThatThrownBy(() -> disk.download("link-out")).isInstanceOf(InvalidKeyException.class);
        // the folder was seen to be real on the first read; the escaping link is still refused after it
        assertThat(read(disk.download("link-in"))).isEqualTo("inside");
        assertThatThrownBy(() -> disk.download("link-out")).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void symlinkThatEscapesTheRootIsRefusedForWritesAndReads() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "not yours");
        Files.createDirectories(root.resolve("ev/il"));
        Files.createSymbolicLink(root.resolve("ev/il/evil"), outside);

        assertThatThrownBy(() -> disk.upload("evil/planted", stream("x"), UploadOptions.defaults()))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("outside the root");
        assertThat(outside.resolve("planted")).doesNotExist();
        assertThatThrownBy(() -> disk.download("evil/secret")).isInstanceOf(InvalidKeyException.class);
        assertThat(disk.exists("evil/secret")).isFalse();
        assertThatThrownBy(() -> disk.delete("evil/secret")).isInstanceOf(InvalidKeyException.class);
        disk.deletePrefixed("evil/");
        assertThat(outside.resolve("secret")).hasContent("not yours");
    }

    @Test
    void overlongSegmentsAreInvalidKeys() {
        assertThatThrownBy(() -> disk.upload("a/" + "x".repeat(256), stream("x"), UploadOptions.defaults()))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("255");
    }

    @Test
    void aKeyWhoseFolderIsAStoredObjectFailsClearly() {
        disk.upload("folder/a", stream("x"), UploadOptions.defaults());

        assertThatThrownBy(() -> disk.upload("folder/a/b", stream("y"), UploadOptions.defaults()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("shorter key");
        assertThat(disk.exists("folder/a")).isTrue();
    }

    @Test
    void aFolderOfLongerKeysOrAShorterKeyIsNotMistakenForATakenKey() {
        disk.upload("tree/a/b", stream("x"), UploadOptions.defaults());
        disk.upload("tree/c", stream("y"), UploadOptions.defaults());

        for (UploadOptions options : java.util.List.of(UploadOptions.defaults(), UploadOptions.defaults().overwriting())) {
            assertThatThrownBy(() -> disk.upload("tree/a", stream("z"), options))
                    .isInstanceOf(StorageException.class).isNotInstanceOf(KeyExistsException.class)
                    .hasMessageContaining("longer keys are stored below it");
            assertThatThrownBy(() -> disk.upload("tree/c/d", stream("z"), options))
                    .isInstanceOf(StorageException.class).isNotInstanceOf(KeyExistsException.class)
                    .hasMessageContaining("shorter key");
        }
        assertThatThrownBy(() -> disk.upload("tree/c", stream("z"), UploadOptions.defaults())).isInstanceOf(KeyExistsException.class);
        assertThat(disk.exists("tree/a/b")).isTrue();
        assertThat(root.resolve("tr/ee/tree/c")).hasContent("y");
    }

    @Test
    void aStoredObjectKeepsOneNameAndNothingStaysInTheTemporaryFolder() throws IOException {
        disk.upload("linked", stream("x"), UploadOptions.defaults());
        assertThatThrownBy(() -> disk.upload("linked", stream("y"), UploadOptions.defaults())).isInstanceOf(KeyExistsException.class);

        assertThat(Files.getAttribute(root.resolve("li/nk/linked"), "unix:nlink")).isEqualTo(1);
        assertThat(root.resolve("li/nk/linked")).hasContent("x");
        try (Stream<Path> leftovers = Files.list(root.resolve(".tmp"))) {
            assertThat(leftovers).isEmpty();
        }
    }

    @Test
    void deletingTheLastObjectOfAFolderRemovesTheEmptyFolders() {
        disk.upload("gone/deep/er/x", stream("x"), UploadOptions.defaults());
        disk.delete("gone/deep/er/x");

        assertThat(root.resolve("go")).doesNotExist();
        assertThat(root.resolve(".tmp")).isDirectory();
    }

    @Test
    void downloadUrlsCarryASignedTokenNamingThisService() {
        disk.upload("pics/cat.png", stream("meow"), UploadOptions.defaults());
        URI url = disk.url("pics/cat.png", UrlOptions.expiringIn(Duration.ofMinutes(5)).withFilename("my cat.png"));

        assertThat(url.toString()).startsWith("http://localhost:8080/affix/disk/").endsWith("/my%20cat.png");
        String token = url.getRawPath().split("/")[3];
        assertThat(tokens.verifyDownload(token)).get().satisfies(grant -> {
            assertThat(grant.key()).isEqualTo("pics/cat.png");
            assertThat(grant.serviceName()).isEqualTo("local");
        });
        assertThat(tokens.verifyUpload(token)).isEmpty();
        assertThat(tokens.verifyDownload(token.substring(0, token.length() - 2))).isEmpty();
    }

    @Test
    void aDirectUploadTokenGrantsExactlyTheDeclaredTypeLengthAndBytes() {
        byte[] data = "direct bytes".getBytes(StandardCharsets.UTF_8);
        var target = disk.directUpload("direct", new DirectUploadRequest(data.length, md5("direct bytes"), "text/plain",
                ObjectMetadata.none(), Duration.ofMinutes(5)));
        String token = target.url().getRawPath().split("/")[3];
        DiskTokens.UploadGrant grant = tokens.verifyUpload(token).orElseThrow();

        assertThat(grant.serviceName()).isEqualTo("local");
        assertThatThrownBy(() -> grant.requireDeclared("text/html", data.length))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("text/html");
        assertThatThrownBy(() -> grant.requireDeclared(null, data.length)).isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> grant.requireDeclared("text/plain", data.length + 1))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("declared");
        grant.requireDeclared("text/plain", data.length);
        assertThatThrownBy(() -> disk.upload(grant.key(), stream("direct bytez"), grant.uploadOptions()))
                .isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> disk.upload(grant.key(), stream("direct bytes!"), grant.uploadOptions()))
                .isInstanceOf(IntegrityException.class);
        assertThat(disk.exists("direct")).isFalse();

        disk.upload(grant.key(), new ByteArrayInputStream(data), grant.uploadOptions());
        assertThat(disk.exists("direct")).isTrue();
    }

    @Test
    void aKeyWithALoneSurrogateIsAnInvalidKeyNotAPathFailure() {
        for (String bad : new String[] {"x\uD800y", "tail\uDC00"}) {
            assertThatThrownBy(() -> disk.upload(bad, stream("x"), UploadOptions.defaults())).isInstanceOf(InvalidKeyException.class);
            assertThatThrownBy(() -> disk.download(bad)).isInstanceOf(InvalidKeyException.class);
            assertThatThrownBy(() -> disk.localFile(bad)).isInstanceOf(InvalidKeyException.class);
            assertThatThrownBy(() -> disk.url(bad, UrlOptions.expiringIn(Duration.ofMinutes(1)))).isInstanceOf(InvalidKeyException.class);
        }
    }

    @Test
    void unusableRootFailsAtStart() throws IOException {
        Path file = Files.writeString(temp.resolve("a-file"), "not a folder");

        assertThatThrownBy(() -> new DiskService("broken", file, false, true, tokens, HttpSettings.DEFAULT))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("broken")
                .hasMessageContaining("not a usable directory");
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Checksum md5(String text) {
        var algorithm = dev.affix.checksum.ChecksumAlgorithm.MD5;
        return Checksum.of(algorithm, algorithm.newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

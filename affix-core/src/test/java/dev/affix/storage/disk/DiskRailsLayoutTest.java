package dev.affix.storage.disk;

import dev.affix.storage.ObjectSummary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.InvalidKeyException;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.UploadOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sharded layout puts every key where Rails' Disk service does, so that an application sharing the
 * root finds each other's files; and it still finds the files an older Affix put under its own rule.
 */
class DiskRailsLayoutTest {

    @TempDir
    Path temp;
    private Path root;
    private DiskService disk;

    @BeforeEach
    void setUp() {
        root = temp.resolve("storage");
        disk = new DiskService("local", root, false, true, new DiskTokens(new MessageSigner("layout-test-secret-0123456789",
                Clock.systemUTC())), HttpSettings.DEFAULT);
    }

    /**
     * The paths are what {@code ActiveStorage::Service::DiskService#path_for} answered, in Debian's Rails
     * 6.1.7 (root "/r", printed relative to it); affix-rails-interop checks the same with Rails writing.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "abcdefgh|ab/cd/abcdefgh",
            "t1/attachments/7|t1/a/t1/attachments/7",
            "7/avatar/x.png|7/av/7/avatar/x.png",
            "u-8/file|u-/8/u-8/file",
            "a/bc|a/bc/a/bc",
            "ab/cd|ab/c/ab/cd",
            "x|x/x",
            "ab|ab/ab",
            "abc|ab/c/abc",
            "ab.c|ab/.c/ab.c",
            "ab./x|ab/ab./x",
            "ab..c|ab..c",
            "a/..b/c|a/..b/c",
            ".tmp|.t/mp/.tmp",
            "é/ü|é/ü/é/ü",
            "😀😀/x|😀😀/x/😀😀/x",
            "ab/.c|ab/ab/.c",
            "a./b|a./b/a./b",
            "a..|a./a..",
            "-|-/-",
            "a-b-c|a-/b-/a-b-c"})
    void everyKeyLiesWhereRailsPutsIt(String key, String railsPath) throws IOException {
        disk.upload(key, stream(key), UploadOptions.defaults());

        assertThat(root.resolve(railsPath)).hasContent(key);
        assertThat(read(disk.download(key))).isEqualTo(key);
        assertThat(disk.localFile(key)).contains(root.resolve(railsPath).toRealPath());

        disk.delete(key);
        assertThat(root.resolve(railsPath)).doesNotExist();
        try (var left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(".tmp");
        }
    }

    @Test
    void aFileRailsWroteIsReadAndDeleted() throws IOException {
        Path railsFile = root.resolve("u-/8/u-8/avatar.png");
        Files.createDirectories(railsFile.getParent());
        Files.writeString(railsFile, "from rails");

        assertThat(disk.exists("u-8/avatar.png")).isTrue();
        assertThat(read(disk.download("u-8/avatar.png"))).isEqualTo("from rails");
        assertThatThrownBy(() -> disk.upload("u-8/avatar.png", stream("mine"), UploadOptions.defaults()))
                .isInstanceOf(KeyExistsException.class);

        disk.deletePrefixed("u-8/");
        assertThat(railsFile).doesNotExist();
    }

    /** Rails refuses these too: the shard {@code ..} climbs out of the root. */
    @ParameterizedTest
    @ValueSource(strings = {"..x", "..", "../x", "...", "..a/b"})
    void aKeyWhoseShardLeavesTheRootIsRefused(String key) {
        assertThatThrownBy(() -> disk.upload(key, stream("x"), UploadOptions.defaults())).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> disk.download(key)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> disk.exists(key)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> disk.delete(key)).isInstanceOf(InvalidKeyException.class);
        assertThat(temp.resolve("x")).doesNotExist();
    }

    @Test
    void twoKeysThatRailsPutsAtTheSamePathAreBothRefused() {
        // Rails puts both at .a/.a/.a.ab: storing one would let the other read, replace or delete it
        for (String key : List.of(".a.ab", ".a/.a.ab")) {
            assertThatThrownBy(() -> disk.upload(key, stream("x"), UploadOptions.defaults()))
                    .isInstanceOf(InvalidKeyException.class)
                    .hasMessageContaining("share its file")
                    .hasMessageContaining(".a/.a/.a.ab");
            assertThatThrownBy(() -> disk.delete(key)).isInstanceOf(InvalidKeyException.class);
        }
        assertThat(root.resolve(".a")).doesNotExist();
    }

    @Test
    void aKeyWhoseFileWouldBeAnOlderKeysLegacyFileIsRefused() {
        // the legacy rule put ".a-a" at _a/_a/.a-a, which is where Rails' rule puts "_a/.a-a"
        assertThatThrownBy(() -> disk.upload("_a/.a-a", stream("x"), UploadOptions.defaults()))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining(".a-a");
    }

    @Test
    void aFileAnOlderAffixWroteIsStillReadAndCannotBeShadowed() throws IOException {
        Path legacy = writeLegacy("u_/8_/u-8/file", "old bytes");

        assertThat(disk.exists("u-8/file")).isTrue();
        assertThat(read(disk.download("u-8/file"))).isEqualTo("old bytes");
        assertThat(disk.head("u-8/file")).contains(new ObjectSummary("u-8/file", 9));
        assertThat(disk.list("u-8/")).extracting(ObjectSummary::key).containsExactly("u-8/file");
        assertThat(disk.localFile("u-8/file")).contains(legacy.toRealPath());
        assertThatThrownBy(() -> disk.upload("u-8/file", stream("new bytes"), UploadOptions.defaults()))
                .isInstanceOf(KeyExistsException.class);
        assertThat(root.resolve("u-/8/u-8/file")).doesNotExist();
        assertThat(legacy).hasContent("old bytes");
    }

    @Test
    void replacingALegacyFileMovesTheKeyToRailsPlace() throws IOException {
        Path legacy = writeLegacy("ab/__/ab", "old");

        disk.upload("ab", stream("new"), UploadOptions.defaults().overwriting());

        assertThat(root.resolve("ab/ab")).hasContent("new");
        assertThat(legacy).doesNotExist();
        assertThat(read(disk.download("ab"))).isEqualTo("new");
        disk.delete("ab");
        assertThat(disk.exists("ab")).isFalse();
    }

    @Test
    void deletingAKeyDeletesItsLegacyFileToo() throws IOException {
        Path legacy = writeLegacy("7_/av/7/avatar/x.png", "old");

        disk.delete("7/avatar/x.png");

        assertThat(legacy).doesNotExist();
        assertThat(root.resolve("7_")).doesNotExist();
        assertThat(disk.exists("7/avatar/x.png")).isFalse();
    }

    @Test
    void deletePrefixedFindsKeysUnderBothRulesAndEveryShardOfAShortPrefix() throws IOException {
        List<String> underA = List.of("a", "ab", "a/b", "abc", "ab..c", "abcdef", "a-b/c", "a/..b/c");
        for (String key : underA) {
            disk.upload(key, stream(key), UploadOptions.defaults());
        }
        disk.upload("b", stream("b"), UploadOptions.defaults());
        disk.upload("ba", stream("ba"), UploadOptions.defaults());
        writeLegacy("a_/x_/a-x", "legacy");
        writeLegacy("a_/__/a.", "legacy short");

        disk.deletePrefixed("ab");
        for (String key : List.of("ab", "abc", "ab..c", "abcdef")) {
            assertThat(disk.exists(key)).as(key).isFalse();
        }
        assertThat(disk.exists("a")).isTrue();
        assertThat(disk.exists("a/b")).isTrue();

        disk.deletePrefixed("a");
        for (String key : List.of("a", "a/b", "a-b/c", "a/..b/c", "a-x", "a.")) {
            assertThat(disk.exists(key)).as(key).isFalse();
        }
        assertThat(read(disk.download("b"))).isEqualTo("b");
        assertThat(read(disk.download("ba"))).isEqualTo("ba");
    }

    @Test
    void deletePrefixedWithAFullShardFindsLegacyFilesOfThatPrefix() throws IOException {
        disk.upload("u-8/new", stream("n"), UploadOptions.defaults());
        writeLegacy("u_/8_/u-8/old", "o");
        disk.upload("u-9/other", stream("x"), UploadOptions.defaults());

        disk.deletePrefixed("u-8/");

        assertThat(disk.exists("u-8/new")).isFalse();
        assertThat(disk.exists("u-8/old")).isFalse();
        assertThat(disk.exists("u-9/other")).isTrue();
    }

    private Path writeLegacy(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.affix.storage.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.StorageServices;
import dev.affix.storage.UploadOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The modes and group of what a Disk service creates: folders rwxr-x---, files rw-r-----, whatever
 * the umask of the process, and the configured group on all of them, so that another process of
 * that group (a Rails application on the same host) can read the files and nobody else can write.
 */
class DiskPermissionsTest {

    /**
     * A group other than the one files get by default. Giving files to it takes membership or root;
     * these tests run as root, as the machines that run them do.
     */
    private static final String OTHER_GROUP = "daemon";

    @TempDir
    Path temp;

    private final DiskTokens tokens = new DiskTokens(new MessageSigner("permissions-test-secret-0123456789", Clock.systemUTC()));

    /** A JVM cannot change its own umask, so the service runs in a child JVM started under each one. */
    @ParameterizedTest
    @ValueSource(strings = {"000", "002", "077"})
    void modesAreTheSameWhateverTheUmask(String umask) throws Exception {
        Path root = temp.resolve("new/storage");

        runUnderUmask(umask, root.toString(), "abcd/e/file");

        for (Path folder : List.of(temp.resolve("new"), root, root.resolve(".tmp"), root.resolve("ab"), root.resolve("ab/cd"),
                root.resolve("ab/cd/abcd"), root.resolve("ab/cd/abcd/e"))) {
            assertThat(mode(folder)).as("%s under umask %s", folder, umask).isEqualTo("rwxr-x---");
        }
        assertThat(mode(root.resolve("ab/cd/abcd/e/file"))).as("file under umask %s", umask).isEqualTo("rw-r-----");
    }

    @Test
    void theConfiguredGroupOwnsEveryFileAndFolderTheServiceCreates() throws Exception {
        Path root = temp.resolve("grouped");
        assertThat(group(Files.createTempFile(temp, "default", ".group"))).as("the test needs a group files do not get anyway")
                .isNotEqualTo(OTHER_GROUP);

        runUnderUmask("077", root.toString(), "wxyz/file", OTHER_GROUP);

        for (Path path : List.of(root, root.resolve(".tmp"), root.resolve("wx"), root.resolve("wx/yz"), root.resolve("wx/yz/wxyz"),
                root.resolve("wx/yz/wxyz/file"))) {
            assertThat(group(path)).as("%s", path).isEqualTo(OTHER_GROUP);
        }
        assertThat(mode(root.resolve("wx/yz/wxyz/file"))).isEqualTo("rw-r-----");
    }

    @Test
    void aPreExistingTemporaryFolderIsClosedAndGivenToTheGroup() throws IOException {
        Path root = temp.resolve("old");
        Path tmp = Files.createDirectories(root.resolve(".tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));

        DiskService disk = new DiskService("old", root, false, false, OTHER_GROUP, tokens, HttpSettings.DEFAULT);
        disk.upload("k1", new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)), UploadOptions.defaults());

        assertThat(mode(tmp)).isEqualTo("rwxr-x---");
        assertThat(group(tmp)).isEqualTo(OTHER_GROUP);
        assertThat(group(root.resolve("k1/k1"))).isEqualTo(OTHER_GROUP);
    }

    @Test
    void aGroupThatDoesNotExistFailsAtStart() {
        String missing = "affix-no-such-group-" + Long.toString(System.nanoTime(), 36);

        assertThatThrownBy(() -> new DiskService("files", temp.resolve("s"), false, false, missing, tokens, HttpSettings.DEFAULT))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'files'")
                .hasMessageContaining("group '" + missing + "' does not exist");
        AffixConfig config = AffixConfig.builder().secret("permissions-test-secret")
                .service("files", DiskService.TYPE, Map.of("root", temp.resolve("t").toString(), "group", missing)).build();
        assertThatThrownBy(() -> StorageServices.create(config, new MessageSigner(config.secret(), Clock.systemUTC())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("service 'files' (Disk)")
                .hasMessageContaining(missing);
    }

    @Test
    void configuredModesLetAReaderOutsideTheGroupReadWhatTheServiceCreates() throws IOException {
        AffixConfig config = AffixConfig.builder().secret("permissions-test-secret")
                .service("shared", DiskService.TYPE, Map.of("root", temp.resolve("shared").toString(), "folder_mode", "0755",
                        "file_mode", "644"))
                .build();
        try (StorageServices services = StorageServices.create(config, new MessageSigner(config.secret(), Clock.systemUTC()))) {
            services.get("shared").upload("wxyz/file", new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)), UploadOptions.defaults());
        }

        Path root = temp.resolve("shared");
        for (Path folder : List.of(root, root.resolve(".tmp"), root.resolve("wx"), root.resolve("wx/yz"), root.resolve("wx/yz/wxyz"))) {
            assertThat(mode(folder)).as("%s", folder).isEqualTo("rwxr-xr-x");
        }
        assertThat(mode(root.resolve("wx/yz/wxyz/file"))).isEqualTo("rw-r--r--");
    }

    @Test
    void modesThatLetOthersWriteOrExecuteOrAreNotQuotedAreRefusedAtStart() {
        Map<String, Object> refused = Map.of(
                "file_mode", "0666", "folder_mode", "0775");
        refused.forEach((key, mode) -> assertThatThrownBy(() -> disk(key, mode))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("may not let the group or others write"));
        assertThatThrownBy(() -> disk("file_mode", "0744")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("may not make stored files executable");
        assertThatThrownBy(() -> disk("folder_mode", "0650")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("must give the owner rwx");
        assertThatThrownBy(() -> disk("file_mode", 420)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("must be quoted octal text");
        assertThatThrownBy(() -> disk("file_mode", "rw-r--r--")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is not a mode");
        assertThat(temp.resolve("refused")).doesNotExist();
    }

    private void disk(String key, Object mode) {
        AffixConfig config = AffixConfig.builder().secret("permissions-test-secret")
                .service("files", DiskService.TYPE, Map.of("root", temp.resolve("refused").toString(), key, mode)).build();
        StorageServices.create(config, new MessageSigner(config.secret(), Clock.systemUTC())).close();
    }

    private void runUnderUmask(String umask, String... arguments) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh", java,
                "-cp", System.getProperty("java.class.path"), DiskUnderUmask.class.getName()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static String group(Path path) throws IOException {
        return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).group().getName();
    }
}

package dev.affix.storage.disk;

import dev.affix.storage.ObjectSummary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.config.ConfigurationException;
import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.InvalidKeyException;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.StorageService;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.spi.ServiceContext;
import dev.affix.storage.spi.ServiceSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flat layout: keys are paths below the root, so a legacy tree (Paperclip's public/system) is served in place. */
class DiskFlatLayoutTest {

    private static final String LEGACY_KEY = "users/avatars/000/000/001/original/me.jpg";

    @TempDir
    Path temp;
    private Path root;
    private DiskTokens tokens;

    @BeforeEach
    void setUp() {
        root = temp.resolve("public/system");
        tokens = new DiskTokens(new MessageSigner("disk-flat-secret-0123456789", Clock.systemUTC()));
    }

    private DiskService flat() {
        return new DiskService("legacy", root, false, true, null, DiskLayout.FLAT, tokens, HttpSettings.DEFAULT);
    }

    @Test
    void aTreeThatExistedBeforeTheServiceIsServedInPlace() throws IOException {
        Path legacy = root.resolve(LEGACY_KEY);
        Files.createDirectories(legacy.getParent());
        Files.writeString(legacy, "jpeg bytes");

        DiskService disk = flat();

        assertThat(disk.exists(LEGACY_KEY)).isTrue();
        assertThat(read(disk.download(LEGACY_KEY))).isEqualTo("jpeg bytes");
        assertThat(disk.localFile(LEGACY_KEY)).contains(legacy.toRealPath());
        assertThat(disk.head(LEGACY_KEY)).contains(new ObjectSummary(LEGACY_KEY, 10));
        assertThat(disk.list("users/")).extracting(ObjectSummary::key).containsExactly(LEGACY_KEY);
        assertThat(disk.exists("users/avatars/000/000/001/original")).isFalse();
        disk.delete(LEGACY_KEY);
        assertThat(legacy).doesNotExist();
        assertThat(root.resolve("users")).doesNotExist();
        assertThat(root.resolve(".tmp")).isDirectory();
    }

    @Test
    void uploadsLandAtTheKeyAndNoShardFoldersAreMade() throws IOException {
        DiskService disk = flat();
        disk.upload("abcdefgh", stream("x"), UploadOptions.defaults());
        disk.upload("t1/attachments/7", stream("y"), UploadOptions.defaults());

        assertThat(root.resolve("abcdefgh")).hasContent("x");
        assertThat(root.resolve("t1/attachments/7")).hasContent("y");
        assertThat(root.resolve("ab")).doesNotExist();
        try (Stream<Path> top = Files.list(root)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".tmp", "abcdefgh", "t1");
        }
    }

    @Test
    void theShardedLayoutDoesNotSeeAFlatTree() throws IOException {
        Files.createDirectories(root.resolve("users"));
        Files.writeString(root.resolve("users/me.jpg"), "jpeg");

        DiskService sharded = new DiskService("sharded", root, false, true, tokens, HttpSettings.DEFAULT);

        assertThat(sharded.layout()).isEqualTo(DiskLayout.SHARDED);
        assertThat(sharded.exists("users/me.jpg")).isFalse();
        assertThat(flat().exists("users/me.jpg")).isTrue();
    }

    @Test
    void keysWithAHiddenSegmentAreRefusedSoTmpIsNeverAKey() throws IOException {
        DiskService disk = flat();
        Path part = Files.writeString(root.resolve(".tmp/upload-1.part"), "in progress");

        for (String key : List.of(".tmp/upload-1.part", ".tmp", "a/.hidden", ".htaccess")) {
            assertThatThrownBy(() -> disk.download(key)).as(key).isInstanceOf(InvalidKeyException.class)
                    .hasMessageContaining("'.'").hasMessageContaining("legacy");
            assertThatThrownBy(() -> disk.exists(key)).as(key).isInstanceOf(InvalidKeyException.class);
            assertThatThrownBy(() -> disk.delete(key)).as(key).isInstanceOf(InvalidKeyException.class);
            assertThatThrownBy(() -> disk.upload(key, stream("x"), UploadOptions.defaults().overwriting()))
                    .as(key).isInstanceOf(InvalidKeyException.class);
        }
        for (String prefix : List.of(".", ".t", ".tmp/", "a/.")) {
            assertThatThrownBy(() -> disk.deletePrefixed(prefix)).as(prefix).isInstanceOf(InvalidKeyException.class);
        }
        assertThat(part).hasContent("in progress");
        assertThat(disk.deleteAbandonedUploads(Duration.ZERO)).isEqualTo(1);
    }

    @Test
    void deletePrefixedSkipsHiddenFilesOfALegacyTree() throws IOException {
        Files.createDirectories(root.resolve("users/avatars"));
        Files.writeString(root.resolve("users/avatars/a.jpg"), "a");
        Files.writeString(root.resolve("users/avatars/.DS_Store"), "finder");
        Files.writeString(root.resolve("uploads.txt"), "sibling");
        DiskService disk = flat();

        disk.deletePrefixed("users/");
        disk.deletePrefixed("u");

        assertThat(root.resolve("users/avatars/a.jpg")).doesNotExist();
        assertThat(root.resolve("users/avatars/.DS_Store")).hasContent("finder");
        assertThat(root.resolve("uploads.txt")).doesNotExist();
        assertThat(root.resolve(".tmp")).isDirectory();
    }

    @Test
    void aSymlinkInsideTheRootLeadingOutsideIsNotFollowed() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "not yours");
        Files.createDirectories(root);
        Files.createSymbolicLink(root.resolve("evil"), outside);
        Files.createSymbolicLink(root.resolve("secret-file"), outside.resolve("secret"));
        DiskService disk = flat();

        assertThatThrownBy(() -> disk.upload("evil/planted", stream("x"), UploadOptions.defaults()))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("outside the root");
        assertThat(outside.resolve("planted")).doesNotExist();
        for (String key : List.of("evil/secret", "secret-file")) {
            assertThatThrownBy(() -> disk.download(key)).as(key).isInstanceOf(InvalidKeyException.class);
            assertThat(disk.exists(key)).as(key).isFalse();
            assertThatThrownBy(() -> disk.localFile(key)).as(key).isInstanceOf(InvalidKeyException.class);
        }
        assertThatThrownBy(() -> disk.delete("evil/secret")).isInstanceOf(InvalidKeyException.class);
        disk.deletePrefixed("evil/");
        disk.deletePrefixed("e");
        disk.deletePrefixed("s");
        assertThat(outside.resolve("secret")).hasContent("not yours");
    }

    @Test
    void aSymlinkLeadingIntoTmpIsNotFollowed() throws IOException {
        DiskService disk = flat();
        Path part = Files.writeString(root.resolve(".tmp/upload-2.part"), "someone else's upload");
        Files.createSymbolicLink(root.resolve("peek"), part);

        assertThatThrownBy(() -> disk.download("peek")).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining(".tmp");
        assertThat(disk.exists("peek")).isFalse();
    }

    @Test
    void aMissingKeyIsNotFound() {
        DiskService disk = flat();

        assertThatThrownBy(() -> disk.download("users/none.jpg")).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void theFactoryReadsTheLayoutAndRefusesAnUnknownOne() {
        DiskServiceFactory factory = new DiskServiceFactory();
        ServiceContext context = new ServiceContext() {
            @Override
            public MessageSigner signer() {
                return new MessageSigner("disk-flat-secret-0123456789", Clock.systemUTC());
            }

            @Override
            public HttpSettings http() {
                return HttpSettings.DEFAULT;
            }

            @Override
            public StorageService service(String name) {
                throw new AssertionError("Disk refers to no other service");
            }
        };

        StorageService flat = factory.create(ServiceSettings.of("legacy", "Disk", Map.of("root", root.toString(), "layout", "flat")), context);
        StorageService sharded = factory.create(ServiceSettings.of("local", "Disk", Map.of("root", temp.resolve("s").toString())), context);

        assertThat(((DiskService) flat).layout()).isEqualTo(DiskLayout.FLAT);
        assertThat(((DiskService) sharded).layout()).isEqualTo(DiskLayout.SHARDED);
        assertThatThrownBy(() -> factory.create(ServiceSettings.of("legacy", "Disk",
                Map.of("root", root.toString(), "layout", "Flat")), context))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("service 'legacy' (Disk): layout 'Flat' is not one of: sharded, flat");
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

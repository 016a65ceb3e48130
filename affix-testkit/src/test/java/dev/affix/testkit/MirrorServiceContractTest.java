package dev.affix.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageService;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.disk.DiskService;
import dev.affix.storage.disk.DiskTokens;
import dev.affix.storage.mirror.MirrorService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract suite against a Mirror of two Disk services, plus what only a Mirror promises. */
class MirrorServiceContractTest extends DiskServiceContract {

    @TempDir
    Path root;
    private final MutableClock clock = new MutableClock();
    private DiskService primary;
    private DiskService backup;
    private MirrorService mirror;
    private DiskTokens tokens;

    @BeforeEach
    void createServices() {
        tokens = new DiskTokens(new MessageSigner("contract-test-secret-0123456789", clock));
        primary = new DiskService("primary", root.resolve("primary"), false, false, tokens, HttpSettings.DEFAULT);
        backup = new DiskService("backup", root.resolve("backup"), false, false, tokens, HttpSettings.DEFAULT);
        mirror = new MirrorService("mirror", primary, List.of(backup));
    }

    @Override
    protected StorageService service() {
        return mirror;
    }

    @Override
    protected DiskTokens tokens() {
        return tokens;
    }

    @Override
    protected DiskService disk() {
        return primary;
    }

    @Override
    protected Path diskRoot() {
        return primary.root();
    }

    @Override
    protected void afterDirectUpload(StoredObject stored) {
        mirror.replicate(stored.key(), stored.checksum(), ObjectMetadata.none());
    }

    @Override
    protected void letTimePass(Duration duration) {
        clock.advance(duration);
    }

    @Override
    protected List<String> temporaryLeftovers() {
        return Stream.concat(temporaryFiles(primary.root()).stream(), temporaryFiles(backup.root()).stream()).toList();
    }

    @Test
    void aKeyTakenInAMirrorOnlyRefusesTheUploadAndKeepsThatMirrorsObject() {
        byte[] theirs = bytes(300, 45);
        backup.upload(key("theirs"), new ByteArrayInputStream(theirs), UploadOptions.defaults());

        assertThatThrownBy(() -> mirror.upload(key("theirs"), new ByteArrayInputStream(bytes(300, 46)), UploadOptions.defaults()))
                .isInstanceOf(KeyExistsException.class)
                .hasMessageContaining("'backup'")
                .hasMessageContaining(key("theirs"));
        assertThat(primary.exists(key("theirs"))).as("what the refused upload stored in the primary is undone").isFalse();
        assertThat(readAll(backup.download(key("theirs")))).isEqualTo(theirs);
    }

    @Test
    void composeIntoAKeyTakenInAMirrorOnlyIsUndoneWithoutTouchingThatMirrorsObject() {
        byte[] theirs = bytes(300, 47);
        backup.upload(key("theirs"), new ByteArrayInputStream(theirs), UploadOptions.defaults());
        mirror.upload(key("part"), new ByteArrayInputStream(bytes(30, 48)), UploadOptions.defaults());

        assertThatThrownBy(() -> mirror.compose(List.of(key("part")), key("theirs"), UploadOptions.defaults()))
                .isInstanceOf(KeyExistsException.class);
        assertThat(primary.exists(key("theirs"))).isFalse();
        assertThat(readAll(backup.download(key("theirs")))).isEqualTo(theirs);
    }

    @Test
    void overwritingReplacesTheObjectInPrimaryAndMirror() {
        backup.upload(key("replaced"), new ByteArrayInputStream(bytes(300, 49)), UploadOptions.defaults());
        byte[] ours = bytes(200, 50);

        mirror.upload(key("replaced"), new ByteArrayInputStream(ours), UploadOptions.defaults().overwriting());

        assertThat(readAll(primary.download(key("replaced")))).isEqualTo(ours);
        assertThat(readAll(backup.download(key("replaced")))).isEqualTo(ours);
    }

    @Test
    void uploadReachesPrimaryAndMirror() throws IOException {
        byte[] data = bytes(1000, 40);
        mirror.upload(key("both"), new ByteArrayInputStream(data), UploadOptions.defaults());

        assertThat(readAll(primary.download(key("both")))).isEqualTo(data);
        assertThat(readAll(backup.download(key("both")))).isEqualTo(data);

        mirror.delete(key("both"));
        assertThat(primary.exists(key("both"))).isFalse();
        assertThat(backup.exists(key("both"))).isFalse();
    }

    @Test
    void aFailingMirrorFailsTheUploadAndUndoesItEverywhere() throws IOException {
        Files.writeString(backup.root().resolve("co"), "a file where the mirror needs a folder");
        MirrorService broken = new MirrorService("mirror", primary, List.of(backup));

        assertThatThrownBy(() -> broken.upload("contract/x", new ByteArrayInputStream(bytes(10, 41)), UploadOptions.defaults()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("mirror 'backup' failed")
                .hasMessageContaining("undone");
        assertThat(primary.exists("contract/x")).isFalse();
        assertThat(backup.exists("contract/x")).isFalse();
    }

    @Test
    void mirrorCopiesExistingObjectsThatAMirrorLacks() throws IOException {
        byte[] data = bytes(5000, 42);
        StoredObject stored = primary.upload(key("old"), new ByteArrayInputStream(data), UploadOptions.defaults());
        assertThat(backup.exists(key("old"))).isFalse();

        mirror.replicate(key("old"), stored.checksum(), ObjectMetadata.none());

        assertThat(readAll(backup.download(key("old")))).isEqualTo(data);
    }

    @Test
    void mirrorRefusesToCopyBytesThatNoLongerMatchTheirChecksum() {
        primary.upload(key("drifted"), new ByteArrayInputStream(bytes(100, 43)), UploadOptions.defaults());

        assertThatThrownBy(() -> mirror.replicate(key("drifted"), md5(bytes(100, 44)), ObjectMetadata.none())).isInstanceOf(IntegrityException.class);
        assertThat(backup.exists(key("drifted"))).isFalse();
    }
}

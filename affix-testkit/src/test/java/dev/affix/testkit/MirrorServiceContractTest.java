package dev.affix.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageService;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.disk.DiskService;
import dev.affix.storage.disk.DiskTokens;
import dev.affix.storage.mirror.MirrorService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract suite against a Mirror of two Disk services, plus what only a Mirror promises. */
class MirrorServiceContractTest extends StorageServiceContract {

    @TempDir
    Path root;
    private final MutableClock clock = new MutableClock();
    private DiskService primary;
    private DiskService backup;
    private MirrorService mirror;

    @BeforeEach
    void createServices() {
        DiskTokens tokens = new DiskTokens(new MessageSigner("contract-test-secret-0123456789", clock));
        primary = new DiskService("primary", root.resolve("primary"), false, false, tokens, HttpSettings.DEFAULT);
        backup = new DiskService("backup", root.resolve("backup"), false, false, tokens, HttpSettings.DEFAULT);
        mirror = new MirrorService("mirror", primary, List.of(backup));
    }

    @Override
    protected StorageService service() {
        return mirror;
    }

    @Override
    protected HttpResult fetch(URI url) {
        Optional<DiskTokens.DownloadGrant> grant = primary.verifyDownloadToken(tokenOf(url));
        if (grant.isEmpty()) {
            return new HttpResult(404, new byte[0]);
        }
        try {
            return new HttpResult(200, readAll(primary.download(grant.get().key())));
        } catch (ObjectNotFoundException e) {
            return new HttpResult(404, new byte[0]);
        }
    }

    @Override
    protected HttpResult put(DirectUploadTarget target, Map<String, String> headers, byte[] body) {
        Optional<DiskTokens.UploadGrant> grant = primary.verifyUploadToken(tokenOf(target.url()));
        if (grant.isEmpty()) {
            return new HttpResult(404, new byte[0]);
        }
        try {
            StoredObject stored = primary.receiveDirectUpload(grant.get(), headers.get("Content-Type"), body.length,
                    new ByteArrayInputStream(body));
            mirror.mirror(stored.key(), stored.checksum());
            return new HttpResult(204, new byte[0]);
        } catch (IntegrityException e) {
            return new HttpResult(422, new byte[0]);
        }
    }

    @Override
    protected void letTimePass(Duration duration) {
        clock.advance(duration);
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

        mirror.mirror(key("old"), stored.checksum());

        assertThat(readAll(backup.download(key("old")))).isEqualTo(data);
    }

    @Test
    void mirrorRefusesToCopyBytesThatNoLongerMatchTheirChecksum() {
        primary.upload(key("drifted"), new ByteArrayInputStream(bytes(100, 43)), UploadOptions.defaults());

        assertThatThrownBy(() -> mirror.mirror(key("drifted"), md5(bytes(100, 44)))).isInstanceOf(IntegrityException.class);
        assertThat(backup.exists(key("drifted"))).isFalse();
    }

    private static String tokenOf(URI url) {
        String path = url.getRawPath();
        String afterDisk = path.substring(path.indexOf("/disk/") + "/disk/".length());
        int slash = afterDisk.indexOf('/');
        return slash < 0 ? afterDisk : afterDisk.substring(0, slash);
    }
}

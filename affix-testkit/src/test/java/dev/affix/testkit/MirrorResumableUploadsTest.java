package dev.affix.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.StorageService;
import dev.affix.storage.disk.DiskService;
import dev.affix.storage.disk.DiskTokens;
import dev.affix.storage.mirror.MirrorService;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resumable-upload contract against a Mirror of two Disk services: an upload is assembled in the
 * primary and, like a direct upload, replicated once attached; the mirror holds nothing of it before.
 */
class MirrorResumableUploadsTest extends ResumableUploadsContract {

    @TempDir
    Path root;
    private DiskService primary;
    private DiskService backup;
    private MirrorService mirror;

    @BeforeEach
    void createServices() {
        DiskTokens tokens = new DiskTokens(new MessageSigner("contract-secret-0123456789", new MutableClock()));
        primary = new DiskService("primary", root.resolve("primary"), false, false, tokens, HttpSettings.DEFAULT);
        backup = new DiskService("backup", root.resolve("backup"), false, false, tokens, HttpSettings.DEFAULT);
        mirror = new MirrorService("mirror", primary, List.of(backup));
    }

    @Override
    protected StorageService service() {
        return mirror;
    }

    @Override
    protected List<String> leftovers() {
        return Stream.concat(DiskResumableUploadsTest.resumableFiles(primary.root()).stream(),
                DiskResumableUploadsTest.resumableFiles(backup.root()).stream()).toList();
    }

    @Test
    void aCompletedUploadIsInThePrimaryOnlyUntilReplicated() {
        byte[] data = bytes(1000, 9);
        String key = uploadInOneChunk("replicated", data);

        assertThat(primary.exists(key)).isTrue();
        assertThat(backup.exists(key)).isFalse();
        mirror.replicate(key, Checksum.of(ChecksumAlgorithm.MD5, ChecksumAlgorithm.MD5.newDigest().digest(data)), ObjectMetadata.none());
        assertThat(readAll(key)).isEqualTo(data);
        assertThat(backup.exists(key)).isTrue();
    }
}

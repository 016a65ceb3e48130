package dev.affix.testkit;

import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.StorageService;
import dev.affix.storage.disk.DiskLayout;
import dev.affix.storage.disk.DiskService;
import dev.affix.storage.disk.DiskTokens;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The contract suite against the Disk service in its default, sharded layout; {@link FlatDiskServiceContractTest} runs it flat. */
class DiskServiceContractTest extends DiskServiceContract {

    @TempDir
    Path root;
    private final MutableClock clock = new MutableClock();
    private DiskTokens tokens;
    private DiskService service;

    @BeforeEach
    void createService() {
        MessageSigner signer = new MessageSigner("contract-test-secret-0123456789", clock);
        tokens = new DiskTokens(signer);
        service = new DiskService("local", root.resolve("storage"), false, true, null, layout(), tokens, HttpSettings.DEFAULT);
    }

    protected DiskLayout layout() {
        return DiskLayout.SHARDED;
    }

    @Override
    protected StorageService service() {
        return service;
    }

    @Override
    protected DiskTokens tokens() {
        return tokens;
    }

    @Override
    protected DiskService disk() {
        return service;
    }

    @Override
    protected Path diskRoot() {
        return service.root();
    }

    @Override
    protected void letTimePass(Duration duration) {
        clock.advance(duration);
    }
}

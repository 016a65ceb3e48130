package dev.affix.spring.metrics;

import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.StorageService;
import dev.affix.storage.disk.DiskService;
import dev.affix.storage.disk.DiskTokens;
import dev.affix.testkit.DiskServiceContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole storage contract through the timing decorator: a Disk service wrapped in a
 * {@link TimedStorageService} keeps every promise the bare one keeps. Its URLs point at the HTTP
 * endpoints of another module, so the test resolves them as those do: by the token, through the
 * decorated service it names.
 */
class TimedDiskServiceContractTest extends DiskServiceContract {

    @TempDir
    Path root;
    private DiskTokens tokens;
    private TimedStorageService service;

    @BeforeEach
    void createService() {
        MessageSigner signer = new MessageSigner("timed-contract-test-secret", Clock.systemUTC());
        tokens = new DiskTokens(signer);
        DiskService disk = new DiskService("local", root.resolve("storage"), false, true, tokens, HttpSettings.DEFAULT);
        service = new TimedStorageService(disk, new SimpleMeterRegistry());
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
    protected StorageService disk() {
        return service;
    }

    @Override
    protected Path diskRoot() {
        return root.resolve("storage");
    }
}

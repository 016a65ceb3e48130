package dev.affix.spring.metrics;

import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.StorageService;
import dev.affix.storage.disk.DiskService;
import dev.affix.storage.disk.DiskTokens;
import dev.affix.testkit.StorageServiceContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole storage contract through the timing decorator: a Disk service wrapped in a
 * {@link TimedStorageService} keeps every promise the bare one keeps. Its URLs point at the HTTP
 * endpoints of another module, so the test resolves them with the Disk service's own token checks.
 */
class TimedDiskServiceContractTest extends StorageServiceContract {

    @TempDir
    Path root;
    private DiskService disk;
    private TimedStorageService service;

    @BeforeEach
    void createService() {
        MessageSigner signer = new MessageSigner("timed-contract-test-secret", Clock.systemUTC());
        disk = new DiskService("local", root.resolve("storage"), false, true, new DiskTokens(signer), HttpSettings.DEFAULT);
        service = new TimedStorageService(disk, new SimpleMeterRegistry());
    }

    @Override
    protected StorageService service() {
        return service;
    }

    @Override
    protected HttpResult fetch(URI url) {
        Optional<DiskTokens.DownloadGrant> grant = disk.verifyDownloadToken(tokenOf(url));
        if (grant.isEmpty()) {
            return new HttpResult(404, new byte[0]);
        }
        try {
            return new HttpResult(200, readAll(service.download(grant.get().key())));
        } catch (ObjectNotFoundException e) {
            return new HttpResult(404, new byte[0]);
        }
    }

    @Override
    protected HttpResult put(DirectUploadTarget target, Map<String, String> headers, byte[] body) {
        Optional<DiskTokens.UploadGrant> grant = disk.verifyUploadToken(tokenOf(target.url()));
        if (grant.isEmpty()) {
            return new HttpResult(404, new byte[0]);
        }
        try {
            disk.receiveDirectUpload(grant.get(), headers.get("Content-Type"), body.length, new ByteArrayInputStream(body));
            return new HttpResult(204, new byte[0]);
        } catch (IntegrityException e) {
            return new HttpResult(422, e.getMessage().getBytes());
        }
    }

    private static String tokenOf(URI url) {
        String path = url.getRawPath();
        String afterDisk = path.substring(path.indexOf("/disk/") + "/disk/".length());
        int slash = afterDisk.indexOf('/');
        return slash < 0 ? afterDisk : afterDisk.substring(0, slash);
    }
}

package dev.affix.testkit;

import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.StorageService;
import dev.affix.storage.disk.DiskService;
import dev.affix.storage.disk.DiskTokens;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract suite against the Disk service. Its URLs point at the application's own endpoints,
 * which live in another module; here the test resolves them through the same DiskService calls
 * those endpoints make.
 */
class DiskServiceContractTest extends StorageServiceContract {

    @TempDir
    Path root;
    private final MutableClock clock = new MutableClock();
    private DiskService service;

    @BeforeEach
    void createService() {
        MessageSigner signer = new MessageSigner("contract-test-secret-0123456789", clock);
        service = new DiskService("local", root.resolve("storage"), false, true, new DiskTokens(signer), HttpSettings.DEFAULT);
    }

    @Override
    protected StorageService service() {
        return service;
    }

    @Override
    protected HttpResult fetch(URI url) {
        Optional<DiskTokens.DownloadGrant> grant = service.verifyDownloadToken(tokenOf(url));
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
        Optional<DiskTokens.UploadGrant> grant = service.verifyUploadToken(tokenOf(target.url()));
        if (grant.isEmpty()) {
            return new HttpResult(404, new byte[0]);
        }
        try {
            service.receiveDirectUpload(grant.get(), headers.get("Content-Type"), body.length, new ByteArrayInputStream(body));
            return new HttpResult(204, new byte[0]);
        } catch (IntegrityException e) {
            return new HttpResult(422, e.getMessage().getBytes());
        }
    }

    @Override
    protected void letTimePass(Duration duration) {
        clock.advance(duration);
    }

    private static String tokenOf(URI url) {
        String path = url.getRawPath();
        String afterDisk = path.substring(path.indexOf("/disk/") + "/disk/".length());
        int slash = afterDisk.indexOf('/');
        return slash < 0 ? afterDisk : afterDisk.substring(0, slash);
    }
}

package dev.affix.testkit;

import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.StorageService;
import dev.affix.storage.StoredObject;
import dev.affix.storage.disk.DiskTokens;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The contract suite for a service whose URLs are a Disk service's: Disk itself, or anything built
 * on one (a Mirror with a Disk primary, a decorator). Those URLs point at the application's own
 * endpoints, which live in affix-http; here they are resolved as the endpoints resolve them: the
 * token verified with {@link DiskTokens}, then the service it names asked for the bytes or given them.
 */
public abstract class DiskServiceContract extends StorageServiceContract {

    /** Verifies the tokens in the URLs, with the signer the services were made with. */
    protected abstract DiskTokens tokens();

    /** The service the tokens name (a Disk service, possibly decorated), as the endpoints would find it by that name. */
    protected abstract StorageService disk();

    /** Called after a direct upload was stored, e.g. for a Mirror to copy it, as its job would. */
    protected void afterDirectUpload(StoredObject stored) {
    }

    @Override
    protected HttpResult fetch(URI url) {
        Optional<DiskTokens.DownloadGrant> grant = tokens().verifyDownload(tokenOf(url)).filter(g -> g.serviceName().equals(disk().name()));
        if (grant.isEmpty()) {
            return new HttpResult(404, new byte[0]);
        }
        try {
            return new HttpResult(200, readAll(service().download(grant.get().key())));
        } catch (ObjectNotFoundException e) {
            return new HttpResult(404, new byte[0]);
        }
    }

    @Override
    protected HttpResult put(DirectUploadTarget target, Map<String, String> headers, byte[] body) {
        Optional<DiskTokens.UploadGrant> grant = tokens().verifyUpload(tokenOf(target.url()))
                .filter(g -> g.serviceName().equals(disk().name()));
        if (grant.isEmpty()) {
            return new HttpResult(404, new byte[0]);
        }
        try {
            grant.get().requireDeclared(headers.get("Content-Type"), body.length);
            afterDirectUpload(disk().upload(grant.get().key(), new ByteArrayInputStream(body), grant.get().uploadOptions()));
            return new HttpResult(204, new byte[0]);
        } catch (IntegrityException e) {
            return new HttpResult(422, e.getMessage().getBytes(StandardCharsets.UTF_8));
        } catch (KeyExistsException e) {
            return new HttpResult(409, e.getMessage().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The root folder of the Disk service under test. */
    protected abstract Path diskRoot();

    /** The files under the Disk service's {@code .tmp} folder, where uploads are written before they get their key. */
    @Override
    protected List<String> temporaryLeftovers() {
        return temporaryFiles(diskRoot());
    }

    protected static List<String> temporaryFiles(Path diskRoot) {
        try (Stream<Path> files = Files.list(diskRoot.resolve(".tmp"))) {
            return files.map(Path::toString).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tokenOf(URI url) {
        String path = url.getRawPath();
        String afterDisk = path.substring(path.indexOf("/disk/") + "/disk/".length());
        int slash = afterDisk.indexOf('/');
        return slash < 0 ? afterDisk : afterDisk.substring(0, slash);
    }
}

package dev.affix.s3;

import dev.affix.storage.StorageService;
import dev.affix.testkit.StorageServiceContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared contract suite against s3proxy, through presigned URLs and plain HTTP like a browser's. */
class S3ServiceContractTest extends StorageServiceContract {

    private static S3ProxyServer server;
    private static S3Service service;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start();
        service = server.service("amazon", Map.of());
    }

    @AfterAll
    static void stopServer() {
        service.close();
        server.close();
    }

    @Override
    protected StorageService service() {
        return service;
    }

    /** S3 keeps the parts of a multipart upload that was neither completed nor aborted. */
    @Override
    protected List<String> temporaryLeftovers() {
        return server.multipartUploads().stream().map(upload -> upload.key() + " " + upload.uploadId()).sorted().toList();
    }
}

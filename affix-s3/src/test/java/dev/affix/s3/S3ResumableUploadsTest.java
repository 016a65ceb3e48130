package dev.affix.s3;

import dev.affix.storage.StorageService;
import dev.affix.testkit.ResumableUploadsContract;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The resumable-upload contract against s3proxy, with S3's smallest part size (5 MiB) so that the
 * suite's uploads take several parts and tails.
 */
class S3ResumableUploadsTest extends ResumableUploadsContract {

    private static S3ProxyServer server;
    private static S3Service service;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start();
        service = server.service("amazon", Map.of("part_size", 5L * 1024 * 1024));
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

    /** Open multipart uploads of this test, and every tail waiting in the scratch folder. */
    @Override
    protected List<String> leftovers() {
        Stream<String> uploads = server.multipartUploads().stream().filter(upload -> upload.key().startsWith(prefix))
                .map(upload -> "multipart upload " + upload.key());
        Stream<String> tails = server.client().listObjectsV2(list -> list.bucket(S3ProxyServer.BUCKET).prefix(S3ResumableUploads.SCRATCH_PREFIX))
                .contents().stream().map(object -> "tail " + object.key());
        return Stream.concat(uploads, tails).toList();
    }
}

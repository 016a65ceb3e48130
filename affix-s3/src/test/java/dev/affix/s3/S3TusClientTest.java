package dev.affix.s3;

import dev.affix.config.AffixConfig;
import dev.affix.http.TusClientContract;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * tus-js-client against S3 on s3proxy, with 5 MiB parts: each chunk becomes a part of one multipart
 * upload, streamed through without being held in memory, and the rest of a chunk waits in a tail.
 */
class S3TusClientTest extends TusClientContract {

    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected AffixConfig.Builder storage(AffixConfig.Builder config) {
        return config.service("amazon", S3Service.TYPE, server.configuration(Map.of("part_size", 5L * MIB))).defaultService("amazon");
    }
}

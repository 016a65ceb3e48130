package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.json.Json;
import dev.affix.storage.Disposition;
import dev.affix.storage.disk.DiskTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens signed with the application's own secret that name keys no service can hold (as a bug, or an
 * old token, might): the Disk routes answer as for anything not found (GET) or refused (PUT), store and
 * read nothing, and log nothing, since nothing failed on the server's side.
 */
class InvalidKeyTokenTest {

    static final List<String> INVALID_KEYS = List.of("../../outside", "a/../../outside", "/etc/passwd", "nul\0byte", "bell\u0007",
            "line\nbreak", "x\uD800y", "lone\uDC00", "trailing/", "a//b", "x".repeat(300));

    @TempDir
    static Path dir;
    static HttpFixture http;
    static DiskTokens tokens;
    static HttpResponse<byte[]> unknownRoute;
    final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() {
        http = HttpFixture.start(dir);
        tokens = new DiskTokens(http.affix.signer());
        unknownRoute = http.get(HttpFixture.PREFIX + "/nothing/here");
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void aDownloadTokenForAnInvalidKeyGetsTheBare404() {
        for (String key : INVALID_KEYS) {
            String token = tokens.download(new DiskTokens.DownloadGrant("local", key, "f.txt", Disposition.ATTACHMENT, "text/plain"),
                    Duration.ofMinutes(5));
            // the key comes back from the token exactly as it was signed, lone surrogates included
            assertThat(tokens.verifyDownload(token)).get().extracting(DiskTokens.DownloadGrant::key).isEqualTo(key);

            HttpResponse<byte[]> response = http.get(HttpFixture.PREFIX + "/disk/" + token + "/f.txt");

            assertThat(response.statusCode()).as(printable(key)).isEqualTo(404);
            assertThat(response.body()).as(printable(key)).isEmpty();
            assertThat(HttpFixture.headersWithoutDate(response)).as(printable(key)).isEqualTo(HttpFixture.headersWithoutDate(unknownRoute));
        }
        assertThat(logged).extracting(LogRecord::getMessage).isEmpty();
    }

    @Test
    void anUploadTokenForAnInvalidKeyGets422AndStoresNothing() throws Exception {
        byte[] body = "payload".getBytes(StandardCharsets.UTF_8);
        for (String key : INVALID_KEYS) {
            String token = tokens.upload(new DiskTokens.UploadGrant("local", key, "text/plain", body.length, DiskUploadTest.md5(body)),
                    Duration.ofMinutes(5));

            HttpResponse<byte[]> response = http.send(http.request(HttpFixture.PREFIX + "/disk/" + token).header("Content-Type", "text/plain")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());

            assertThat(response.statusCode()).as(printable(key)).isEqualTo(422);
            assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
            assertThat(Json.readObject(new String(response.body(), StandardCharsets.UTF_8)).get("error").toString()).as(printable(key))
                    .contains("key");
        }
        assertThat(logged).extracting(LogRecord::getMessage).isEmpty();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).filter(file -> file.getFileName().toString().contains("outside")
                    || file.getFileName().toString().equals("passwd"))).isEmpty();
        }
        assertThat(dir.getParent().resolve("outside")).doesNotExist();
    }

    private static String printable(String key) {
        StringBuilder out = new StringBuilder();
        key.chars().limit(40).forEach(c -> out.append(c < 0x20 || Character.isSurrogate((char) c)
                ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }
}

package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.blob.Blob;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every answer that carries a user's bytes, through the proxy or a Disk URL, whole, in part, small or
 * sent by the container itself, is sandboxed and never sniffed: were a browser to render it as a page,
 * it would run in no origin and load nothing.
 */
class UserContentHeadersTest {

    @TempDir
    static Path dir;
    static HttpFixture http;

    @BeforeAll
    static void start() {
        http = HttpFixture.start(dir);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void everyAnswerWithUserBytesIsSandboxedAndNotSniffed() {
        Blob small = http.storeAs("<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8), "page.txt",
                "text/plain");
        Blob large = http.storeAs(new byte[256 * 1024], "large.bin", "application/octet-stream");
        Map<String, HttpResponse<byte[]>> answers = new LinkedHashMap<>();
        for (Blob blob : new Blob[] {small, large}) {
            String name = blob.filename();
            URI disk = URI.create(http.get(http.redirectPath(blob)).headers().firstValue("location").orElseThrow());
            answers.put(name + " proxy", http.get(http.proxyPath(blob)));
            answers.put(name + " proxy range", http.get(http.proxyPath(blob), "Range", "bytes=0-9"));
            answers.put(name + " proxy 304", http.get(http.proxyPath(blob), "If-None-Match", "*"));
            answers.put(name + " proxy HEAD",
                    http.send(http.request(http.proxyPath(blob)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build()));
            answers.put(name + " disk", http.get(disk));
            answers.put(name + " disk range", http.get(disk, "Range", "bytes=-10"));
        }

        answers.forEach((what, response) -> {
            assertThat(response.statusCode()).as(what).isIn(200, 206, 304);
            assertThat(response.headers().firstValue("content-security-policy")).as(what).hasValue("default-src 'none'; sandbox");
            assertThat(response.headers().firstValue("x-content-type-options")).as(what).hasValue("nosniff");
        });
        assertThat(answers.get("page.txt proxy").body()).asString(StandardCharsets.UTF_8).contains("<script>");
    }
}

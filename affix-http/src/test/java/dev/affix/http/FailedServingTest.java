package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.blob.Blob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored bytes that fail while being served (here: a Disk file cut shorter than its blob records) are
 * never cached as the file and never pass for a complete download: before the headers go out the answer
 * becomes a bare, uncacheable 500; after, the connection is broken.
 */
class FailedServingTest {

    @TempDir
    static Path dir;
    static HttpFixture http;
    static HttpFixture withoutSendfile;

    @BeforeAll
    static void start() {
        http = HttpFixture.start(dir.resolve("sendfile"));
        withoutSendfile = HttpFixture.start(dir.resolve("plain"), HttpFixture.Setup.defaults().withoutSendfile());
    }

    @AfterAll
    static void stop() {
        http.close();
        withoutSendfile.close();
    }

    @Test
    void aShortObjectFoundBeforeTheHeadersGoOutIsABareUncacheable500() throws IOException {
        for (HttpFixture server : new HttpFixture[] {http, withoutSendfile}) {
            Blob blob = storeTruncated(server, 4 * 1024, 1024);

            HttpResponse<byte[]> response = server.get(server.proxyPath(blob));

            assertBareUncacheable500(response);
        }
    }

    @Test
    void aLargeShortObjectThatTheContainerWouldSendItselfIsCheckedFirst() throws IOException {
        Blob blob = storeTruncated(http, 1024 * 1024, 100 * 1024);

        assertBareUncacheable500(http.get(http.proxyPath(blob)));
        assertBareUncacheable500(http.get(http.proxyPath(blob), "Range", "bytes=200000-299999"));
    }

    @Test
    void anObjectThatEndsAfterTheHeadersWentOutBreaksTheConnection() throws IOException {
        Blob blob = storeTruncated(withoutSendfile, 1024 * 1024, 100 * 1024);
        URI url = URI.create(withoutSendfile.base + withoutSendfile.proxyPath(blob));

        RawResponse raw = RawResponse.get(url);

        // the headers promised the whole blob (they were sent with the first buffer), the body stops short
        assertThat(raw.head()).startsWith("HTTP/1.1 200").contains("Content-Length: " + 1024 * 1024);
        assertThat(raw.body().length).isGreaterThanOrEqualTo(64 * 1024).isLessThan(1024 * 1024);
        // and a client that checks, as java.net.http does, is told the answer is broken
        assertThatThrownBy(() -> withoutSendfile.client.send(withoutSendfile.request(withoutSendfile.proxyPath(blob)).build(),
                HttpResponse.BodyHandlers.ofByteArray())).isInstanceOf(IOException.class);
    }

    @Test
    void aMissingObjectIsAnUncacheable404() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");
        http.disk.delete(blob.key());

        HttpResponse<byte[]> response = http.get(http.proxyPath(blob));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(response.headers().map()).doesNotContainKeys("etag", "last-modified", "accept-ranges", "content-disposition");
    }

    private static void assertBareUncacheable500(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(response.headers().map()).doesNotContainKeys("etag", "last-modified", "accept-ranges", "content-disposition", "content-range");
        assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(response.body()).isEmpty();
    }

    /** A blob of {@code size} random bytes whose Disk file is then cut to {@code kept} bytes. */
    private static Blob storeTruncated(HttpFixture server, int size, int kept) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Blob blob = server.storeAs(bytes, "data.bin", "application/octet-stream");
        try (FileChannel file = FileChannel.open(server.disk.localFile(blob.key()).orElseThrow(), StandardOpenOption.WRITE)) {
            file.truncate(kept);
        }
        return blob;
    }

    /** What a client reading the raw connection gets: the head, and every body byte until the server closes. */
    private record RawResponse(String head, byte[] body) {

        static RawResponse get(URI url) throws IOException {
            try (Socket socket = new Socket(url.getHost(), url.getPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // no "Connection: close": a response that ended cleanly would leave the connection open, and this read would time out
                byte[] all = readUntilClosed(socket.getInputStream());
                int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return new RawResponse(new String(all, 0, end, StandardCharsets.US_ASCII), Arrays.copyOfRange(all, end + 4, all.length));
            }
        }

        private static byte[] readUntilClosed(InputStream in) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    all.write(buffer, 0, n);
                }
            } catch (SocketException reset) {
                // a reset ends the answer as surely as a close
            }
            return all.toByteArray();
        }

        private static int indexOf(byte[] haystack, byte[] needle) {
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                    return i;
                }
            }
            throw new AssertionError("no end of headers in " + haystack.length + " bytes");
        }
    }
}

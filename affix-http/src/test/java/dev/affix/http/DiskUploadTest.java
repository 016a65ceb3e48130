package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.blob.Blob;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.storage.DirectUploadTarget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code PUT {prefix}/disk/{token}}: stores exactly the declared bytes, or nothing. */
class DiskUploadTest {

    static final byte[] BYTES = "exactly these bytes".getBytes(StandardCharsets.UTF_8);

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
    void storesTheDeclaredBytesAndAnswers204() throws IOException {
        Declared upload = declare(BYTES, "text/plain");

        HttpResponse<byte[]> response = put(upload.target(), "text/plain", BYTES);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(http.disk.exists(upload.blob().key())).isTrue();
        try (InputStream in = http.disk.download(upload.blob().key())) {
            assertThat(in.readAllBytes()).isEqualTo(BYTES);
        }
    }

    @Test
    void aSecondPutWithTheSameTokenIs409AndKeepsTheFirstBytes() throws IOException {
        Declared upload = declare(BYTES, "text/plain");
        assertThat(put(upload.target(), "text/plain", BYTES).statusCode()).isEqualTo(204);

        HttpResponse<byte[]> again = put(upload.target(), "text/plain", BYTES);

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("cache-control")).hasValue("no-store");
        try (InputStream in = http.disk.download(upload.blob().key())) {
            assertThat(in.readAllBytes()).isEqualTo(BYTES);
        }
    }

    @Test
    void aDifferentContentTypeIs422AndStoresNothing() {
        Declared upload = declare(BYTES, "text/plain");

        HttpResponse<byte[]> response = put(upload.target(), "text/html", BYTES);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("text/html", "nothing was stored");
        assertThat(http.disk.exists(upload.blob().key())).isFalse();
    }

    @Test
    void aDifferentLengthIs422AndStoresNothing() {
        Declared upload = declare(BYTES, "text/plain");

        HttpResponse<byte[]> shorter = put(upload.target(), "text/plain", "exactly".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> longer = put(upload.target(), "text/plain", "exactly these bytes and more".getBytes(StandardCharsets.UTF_8));

        assertThat(shorter.statusCode()).isEqualTo(422);
        assertThat(longer.statusCode()).isEqualTo(422);
        assertThat(http.disk.exists(upload.blob().key())).isFalse();
    }

    @Test
    void aDifferentChecksumIs422AndStoresNothing() {
        Declared upload = declare(BYTES, "text/plain");
        byte[] other = "exactly those bytes".getBytes(StandardCharsets.UTF_8);

        HttpResponse<byte[]> response = put(upload.target(), "text/plain", other);

        assertThat(other).hasSameSizeAs(BYTES);
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("checksum");
        assertThat(http.disk.exists(upload.blob().key())).isFalse();
    }

    @Test
    void aBodyWithoutContentLengthIs411AndStoresNothing() {
        Declared upload = declare(BYTES, "text/plain");

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(upload.target().url()).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(BYTES))).build());

        assertThat(response.statusCode()).isEqualTo(411);
        assertThat(http.disk.exists(upload.blob().key())).isFalse();
    }

    @Test
    void aBodyShorterThanItsContentLengthIs400AndStoresNothing() throws IOException {
        Declared upload = declare(BYTES, "text/plain");
        URI url = upload.target().url();

        String status;
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\nContent-Type: text/plain\r\nContent-Length: "
                    + BYTES.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(BYTES, 0, BYTES.length / 2);
            out.flush();
            socket.shutdownOutput();
            byte[] answer = socket.getInputStream().readAllBytes();
            status = new String(answer, StandardCharsets.US_ASCII).lines().findFirst().orElse("");
        }

        assertThat(status).startsWith("HTTP/1.1 400");
        assertThat(http.disk.exists(upload.blob().key())).isFalse();
    }

    @Test
    void anExpiredUploadTokenIs404AndStoresNothing() {
        Declared upload = declare(BYTES, "text/plain");
        http.clock.advance(Duration.ofMinutes(6));

        HttpResponse<byte[]> response = put(upload.target(), "text/plain", BYTES);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEmpty();
        assertThat(http.disk.exists(upload.blob().key())).isFalse();
    }

    @Test
    void aDownloadTokenOrSignedIdCannotUpload() {
        Declared upload = declare(BYTES, "text/plain");
        String downloadToken = tokenOf(http.get(http.redirectPath(upload.blob())).headers().firstValue("location").orElseThrow());
        String signedId = http.affix.blobs().signedId(upload.blob());

        for (String token : new String[] {downloadToken, signedId}) {
            HttpResponse<byte[]> response = http.send(http.request(HttpFixture.PREFIX + "/disk/" + token).header("Content-Type", "text/plain")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(BYTES)).build());

            assertThat(response.statusCode()).isEqualTo(404);
        }
        assertThat(http.disk.exists(upload.blob().key())).isFalse();
    }

    static Declared declare(byte[] bytes, String contentType) {
        Blob blob = http.affix.blobs().createBeforeDirectUpload("file.txt", bytes.length, md5(bytes), contentType, Map.of(), null);
        return new Declared(blob, http.affix.blobs().directUploadTarget(blob, Duration.ofMinutes(5)));
    }

    record Declared(Blob blob, DirectUploadTarget target) {
    }

    static HttpResponse<byte[]> put(DirectUploadTarget target, String contentType, byte[] body) {
        return http.send(HttpRequest.newBuilder(target.url()).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    /** The token segment of a Disk URL: {@code .../disk/TOKEN[/filename]}. */
    static String tokenOf(String url) {
        String rest = url.substring(url.indexOf("/disk/") + "/disk/".length());
        return rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
    }

    static Checksum md5(byte[] bytes) {
        try {
            return Checksum.of(ChecksumAlgorithm.MD5, MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

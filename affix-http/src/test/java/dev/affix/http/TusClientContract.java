package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.Affix;
import dev.affix.blob.Blob;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.AffixConfig;
import dev.affix.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference tus client (tus-js-client, in Node processes of its own) against Affix's tus endpoint
 * on one storage service: a storage module's test extends this and adds its service to the
 * configuration as the default. Affix runs on an in-memory H2 database, served by a real Tomcat
 * ({@link AffixTestServer}).
 */
public abstract class TusClientContract {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    protected static final int MIB = 1024 * 1024;

    @TempDir
    protected Path dir;
    private AffixTestServer server;
    private Affix affix;
    private String endpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Adds the service under test to the configuration, as its default service. */
    protected abstract AffixConfig.Builder storage(AffixConfig.Builder config);

    /** The chunk size the client sends; S3's 5 MiB part minimum by default, so every service sees whole parts and tails. */
    protected long chunkSize() {
        return 5 * MIB;
    }

    @BeforeEach
    void startServer() {
        server = AffixTestServer.start(dir, this::storage, EndpointOptions.defaults(), DirectUploadAuthorizer.ALLOW_ALL);
        affix = server.affix();
        endpoint = server.uri("/affix/tus/").toString();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aFileSentInChunksArrivesIntactAndItsUploadUrlAnswersTheBlob() throws Exception {
        Path file = file("clip.mp4", 12 * MIB + 7, 1);

        Map<String, Object> success;
        try (TusJsClient.Run run = TusJsClient.installed().upload(endpoint, file, chunkSize(), Map.of("filename", "clip.mp4",
                "filetype", "video/mp4"))) {
            success = run.awaitSuccess(TIMEOUT);
        }

        String signedId = (String) success.get("signed_id");
        assertThat(signedId).as("the last response carries Affix-Signed-Id").isNotNull();
        Blob blob = affix.blobs().findSigned(signedId).orElseThrow();
        assertThat(blob.byteSize()).isEqualTo(Files.size(file));
        assertThat(blob.checksum()).isEqualTo(md5(file));
        assertThat(blob.filename()).isEqualTo("clip.mp4");
        assertThat(md5(affix.blobs().download(blob))).isEqualTo(md5(file));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create((String) success.get("url"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        Map<String, Object> json = Json.readObject(answer.body());
        assertThat(json).containsEntry("signed_id", signedId).containsEntry("checksum", blob.checksum().toString())
                .containsEntry("byte_size", (int) blob.byteSize());
    }

    @Test
    void aNewClientProcessResumesAfterTheFirstWasKilledAndSendsAtMostOneChunkAgain() throws Exception {
        Path file = file("long.bin", 16 * MIB + 3, 2);
        Map<String, String> metadata = Map.of("filename", "long.bin");
        TusJsClient client = TusJsClient.installed();
        String url;
        long sentBeforeKill;
        long size = Files.size(file);
        try (TusJsClient.Run first = client.upload(endpoint, file, chunkSize(), metadata)) {
            url = (String) first.await(event -> event.get("event").equals("url"), TIMEOUT).get("url");
            first.await(event -> event.get("event").equals("progress") && ((Number) event.get("sent")).longValue() > size * 6 / 10, TIMEOUT);
            first.kill();
            sentBeforeKill = first.sent();
        }

        Map<String, Object> success;
        long resumedAt;
        try (TusJsClient.Run second = client.resume(endpoint, url, file, chunkSize(), metadata)) {
            resumedAt = ((Number) second.await(event -> event.get("event").equals("resumed_at"), TIMEOUT).get("offset")).longValue();
            success = second.awaitSuccess(TIMEOUT);
        }

        assertThat(resumedAt).as("the server kept what arrived").isPositive();
        assertThat(sentBeforeKill - resumedAt).as("bytes sent again").isLessThanOrEqualTo(chunkSize());
        Blob blob = affix.blobs().findSigned((String) success.get("signed_id")).orElseThrow();
        assertThat(blob.checksum()).isEqualTo(md5(file));
        assertThat(md5(affix.blobs().download(blob))).isEqualTo(md5(file));
    }

    /** The Affix the server runs, for subclasses that look behind it. */
    protected Affix affix() {
        return affix;
    }

    private Path file(String name, long size, long seed) throws IOException {
        Path file = dir.resolve(name);
        Random random = new Random(seed);
        byte[] buffer = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += buffer.length) {
                random.nextBytes(buffer);
                out.write(buffer, 0, (int) Math.min(buffer.length, size - written));
            }
        }
        return file;
    }

    private static Checksum md5(Path file) {
        try {
            return md5(Files.newInputStream(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Checksum md5(InputStream in) {
        MessageDigest digest = ChecksumAlgorithm.MD5.newDigest();
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Checksum.of(ChecksumAlgorithm.MD5, digest.digest());
    }
}

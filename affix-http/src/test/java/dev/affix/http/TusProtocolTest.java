package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.Affix;
import dev.affix.blob.Blob;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.InlineJobRunner;
import dev.affix.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tus endpoint spoken to request by request: every rule of the protocol it implements, and every
 * bad request answered with the protocol's status, the upload left as it was and nothing attachable.
 */
class TusProtocolTest {

    private static final String TUS = "/affix/tus/";

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Affix affix;
    private EmbeddedTomcat tomcat;
    private URI base;
    private final String databaseUrl = "jdbc:h2:mem:tus-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @BeforeEach
    void start() {
        int port = EmbeddedTomcat.freePort();
        base = URI.create("http://127.0.0.1:" + port);
        AffixConfig config = AffixConfig.builder()
                .secret("tus-protocol-test-secret")
                .database(DatabaseSettings.of(databaseUrl, null, null))
                .service("local", "Disk", Map.of("root", dir.resolve("local").toString()))
                .service("videos", "Disk", Map.of("root", dir.resolve("videos").toString()))
                .defaultService("local")
                .baseUrl(base.toString())
                .endpointSetting("resumable_uploads", Map.of("max_byte_size", "10MiB"))
                .attachment("Post.video", Map.of("kind", "one", "service", "videos",
                        "validate", Map.of("max_byte_size", "1MiB", "content_types", List.of("video/*"))))
                .build();
        affix = Affix.builder(config).clock(clock).jobRunner(new InlineJobRunner()).build();
        EndpointOptions options = EndpointOptions.builder().allowedDirectUploadTypes(List.of("video/*", "application/octet-stream")).build();
        DirectUploadAuthorizer refusing = (request, upload) -> request.getHeader("X-Refuse") == null;
        tomcat = EmbeddedTomcat.start(port, dir.resolve("tomcat"), new AffixServlet(affix, options, refusing), null);
    }

    @AfterEach
    void stop() {
        tomcat.close();
        affix.close();
    }

    @Test
    void optionsTellsTheVersionExtensionsLimitAndChecksums() {
        HttpResponse<String> response = send(request(TUS).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Tus-Version")).hasValue("1.0.0");
        assertThat(response.headers().firstValue("Tus-Extension")).hasValue("creation,creation-with-upload,termination,expiration,checksum");
        assertThat(response.headers().firstValue("Tus-Max-Size")).hasValue(Long.toString(10L << 20));
        assertThat(response.headers().firstValue("Tus-Checksum-Algorithm")).hasValue("md5,sha1,sha256,sha512");
    }

    @Test
    void anUploadIsCreatedPatchedToItsEndAndBecomesABlobWithASignedId() {
        byte[] data = bytes(300_000, 1);
        HttpResponse<String> created = create(data.length, metadata("filename", "clip.mp4", "filetype", "video/mp4", "camera", "x"));
        assertThat(created.statusCode()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/affix/tus/[0-9a-z]{28}");
        ZonedDateTime expires = ZonedDateTime.parse(created.headers().firstValue("Upload-Expires").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(expires.toInstant()).isBetween(clock.instant().plus(Duration.ofHours(23)), clock.instant().plus(Duration.ofHours(25)));
        assertThat(created.headers().firstValue("Tus-Resumable")).hasValue("1.0.0");

        HttpResponse<String> head = head(location);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Upload-Offset")).hasValue("0");
        assertThat(head.headers().firstValue("Upload-Length")).hasValue("300000");
        assertThat(head.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(TusUploadMetadata.parse(head.headers().firstValue("Upload-Metadata").orElseThrow()))
                .containsEntry("filename", "clip.mp4").containsEntry("camera", "x");

        HttpResponse<String> first = patch(location, 0, Arrays.copyOfRange(data, 0, 100_000));
        assertThat(first.statusCode()).isEqualTo(204);
        assertThat(first.headers().firstValue("Upload-Offset")).hasValue("100000");
        assertThat(first.headers().firstValue("Affix-Signed-Id")).isEmpty();
        assertThat(send(request(location).GET()).statusCode()).as("nothing to attach before the last byte").isEqualTo(409);
        assertThat(affix.blobs().page(null, 0, 10)).isEmpty();

        HttpResponse<String> last = patch(location, 100_000, Arrays.copyOfRange(data, 100_000, data.length));
        assertThat(last.statusCode()).isEqualTo(204);
        assertThat(last.headers().firstValue("Upload-Offset")).hasValue("300000");
        String signedId = last.headers().firstValue("Affix-Signed-Id").orElseThrow();
        Blob blob = affix.blobs().findSigned(signedId).orElseThrow();
        assertThat(blob.checksum()).isEqualTo(Checksum.of(ChecksumAlgorithm.MD5, ChecksumAlgorithm.MD5.newDigest().digest(data)));
        assertThat(blob.customMetadata()).containsEntry("camera", "x");

        HttpResponse<String> json = send(request(location).GET());
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(Json.readObject(json.body())).containsEntry("signed_id", signedId).containsEntry("filename", "clip.mp4")
                .containsEntry("byte_size", 300_000);
        assertThat(head(location).headers().firstValue("Affix-Signed-Id")).hasValue(signedId);
        assertThat(head(location).headers().firstValue("Upload-Offset")).hasValue("300000");
    }

    @Test
    void bytesSentWithTheCreationAreStoredAndAWholeFileCompletesAtOnce() {
        byte[] data = bytes(5000, 2);
        HttpResponse<String> partly = send(request(TUS).header("Tus-Resumable", "1.0.0").header("Upload-Length", "5000")
                .header("Upload-Metadata", metadata("filename", "a.bin")).header("Content-Type", TusEndpoint.OFFSET_STREAM)
                .POST(HttpRequest.BodyPublishers.ofByteArray(data, 0, 2000)));
        assertThat(partly.statusCode()).isEqualTo(201);
        assertThat(partly.headers().firstValue("Upload-Offset")).hasValue("2000");

        HttpResponse<String> whole = send(request(TUS).header("Tus-Resumable", "1.0.0").header("Upload-Length", "5000")
                .header("Upload-Metadata", metadata("filename", "a.bin")).header("Content-Type", TusEndpoint.OFFSET_STREAM)
                .POST(HttpRequest.BodyPublishers.ofByteArray(data)));
        assertThat(whole.statusCode()).isEqualTo(201);
        assertThat(whole.headers().firstValue("Affix-Signed-Id")).isPresent();
    }

    @Test
    void anEmptyFileIsABlobAsSoonAsItIsCreated() {
        HttpResponse<String> created = create(0, metadata("filename", "empty.txt"));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(affix.blobs().findSigned(created.headers().firstValue("Affix-Signed-Id").orElseThrow()).orElseThrow().byteSize()).isZero();
    }

    @Test
    void aRequestWithoutTheProtocolVersionIsRefusedWithTheVersionsSpoken() {
        HttpResponse<String> missing = send(request(TUS).header("Upload-Length", "10").header("Upload-Metadata", metadata("filename", "a"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> other = send(request(TUS).header("Tus-Resumable", "0.2.2").header("Upload-Length", "10")
                .header("Upload-Metadata", metadata("filename", "a")).POST(HttpRequest.BodyPublishers.noBody()));

        for (HttpResponse<String> response : List.of(missing, other)) {
            assertThat(response.statusCode()).isEqualTo(412);
            assertThat(response.headers().firstValue("Tus-Version")).hasValue("1.0.0");
        }
        assertThat(affix.uploadSessions().expired(0, 10)).isEmpty();
    }

    @Test
    void aCreationThatDeclaresBadlyIsRefusedBeforeAnythingIsStored() {
        assertThat(create(-1, metadata("filename", "a")).statusCode()).as("no Upload-Length").isEqualTo(400);
        assertThat(send(request(TUS).header("Tus-Resumable", "1.0.0").header("Upload-Defer-Length", "1")
                .header("Upload-Metadata", metadata("filename", "a")).POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(400);
        assertThat(create(10, "filename not-base64!").statusCode()).isEqualTo(400);
        assertThat(create(10, metadata("filename", "a") + "," + metadata("filename", "b")).statusCode()).as("a key twice").isEqualTo(400);
        assertThat(create(10, metadata("filetype", "video/mp4")).statusCode()).as("no filename").isEqualTo(400);
        assertThat(create(10, metadata("filename", "a", "filetype", "not a type")).statusCode()).isEqualTo(400);
        assertThat(create((10L << 20) + 1, metadata("filename", "a")).statusCode()).as("above Tus-Max-Size").isEqualTo(413);
        assertThat(create(10, metadata("filename", "a.html", "filetype", "text/html")).statusCode()).as("type not allowed").isEqualTo(415);
        assertThat(send(request(TUS).header("Tus-Resumable", "1.0.0").header("Upload-Length", "10").header("X-Refuse", "yes")
                .header("Upload-Metadata", metadata("filename", "a")).POST(HttpRequest.BodyPublishers.noBody())).statusCode())
                .as("the authorizer refuses").isEqualTo(403);

        assertThat(affix.uploadSessions().expired(0, 10)).isEmpty();
        clock.advance(Duration.ofDays(2));
        assertThat(affix.uploadSessions().expired(0, 10)).as("no upload was recorded").isEmpty();
    }

    @Test
    void theRulesOfTheNamedAttachmentApplyBeforeAnyByteAndItsServiceTakesTheBytes() {
        assertThat(create(2L << 20, metadata("filename", "big.mp4", "filetype", "video/mp4", "attachment", "Post.video")).statusCode())
                .isEqualTo(413);
        HttpResponse<String> wrongType = create(100, metadata("filename", "a.bin", "attachment", "Post.video"));
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(wrongType.body()).contains("content_types");
        assertThat(create(100, metadata("filename", "a.mp4", "filetype", "video/mp4", "attachment", "Post.nothing")).statusCode())
                .isEqualTo(422);

        byte[] data = bytes(100, 3);
        String location = create(100, metadata("filename", "a.mp4", "filetype", "video/mp4", "attachment", "Post.video"))
                .headers().firstValue("Location").orElseThrow();
        String signedId = patch(location, 0, data).headers().firstValue("Affix-Signed-Id").orElseThrow();
        assertThat(affix.blobs().findSigned(signedId).orElseThrow().serviceName()).isEqualTo("videos");
    }

    @Test
    void aChunkForAnotherOffsetIsRefusedWithConflict() {
        String location = created(1000);
        patch(location, 0, bytes(400, 4));

        assertThat(patch(location, 300, bytes(100, 5)).statusCode()).isEqualTo(409);
        assertThat(patch(location, 500, bytes(100, 5)).statusCode()).isEqualTo(409);
        assertThat(head(location).headers().firstValue("Upload-Offset")).hasValue("400");
    }

    @Test
    void aChunkPastTheDeclaredLengthIsRefusedWhole() {
        String location = created(1000);
        patch(location, 0, bytes(600, 6));

        assertThat(patch(location, 600, bytes(401, 7)).statusCode()).isEqualTo(413);
        assertThat(head(location).headers().firstValue("Upload-Offset")).hasValue("600");
    }

    @Test
    void aChunkThatFailsItsChecksumIsDiscardedAndAnUnknownAlgorithmRefused() throws Exception {
        String location = created(1000);
        byte[] chunk = bytes(500, 8);
        String sha1 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(chunk));
        byte[] corrupted = chunk.clone();
        corrupted[250] ^= 1;

        assertThat(send(patchRequest(location, 0, corrupted).header("Upload-Checksum", "sha1 " + sha1)).statusCode()).isEqualTo(460);
        assertThat(head(location).headers().firstValue("Upload-Offset")).hasValue("0");
        assertThat(send(patchRequest(location, 0, chunk).header("Upload-Checksum", "crc32 AAAAAA==")).statusCode()).isEqualTo(400);
        assertThat(send(patchRequest(location, 0, chunk).header("Upload-Checksum", "sha1")).statusCode()).isEqualTo(400);
        assertThat(send(patchRequest(location, 0, chunk).header("Upload-Checksum", "sha1 " + sha1)).statusCode()).isEqualTo(204);
        assertThat(head(location).headers().firstValue("Upload-Offset")).hasValue("500");
    }

    @Test
    void aPatchWhileAnotherIsWritingIsToldTheUploadIsLocked() throws Exception {
        String location = created(200_000);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        byte[] data = bytes(200_000, 9);
        InputStream slow = new InputStream() {
            private int position;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (position == 50_000) {
                    started.countDown();
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                int n = Math.min(length, (position < 50_000 ? 50_000 : data.length) - position);
                if (n <= 0) {
                    return -1;
                }
                System.arraycopy(data, position, buffer, offset, n);
                position += n;
                return n;
            }
        };
        CompletableFuture<HttpResponse<String>> first = client.sendAsync(request(location).header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0").header("Content-Type", TusEndpoint.OFFSET_STREAM)
                .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> slow), data.length))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        awaitWriting();

        assertThat(patch(location, 0, bytes(10, 10)).statusCode()).isEqualTo(423);
        assertThat(send(request(location).header("Tus-Resumable", "1.0.0").DELETE()).statusCode()).isEqualTo(423);

        release.countDown();
        HttpResponse<String> done = first.get(20, TimeUnit.SECONDS);
        assertThat(done.statusCode()).isEqualTo(204);
        assertThat(done.headers().firstValue("Affix-Signed-Id")).isPresent();
    }

    @Test
    void anUnknownOrForgedUploadUrlIsNotFoundAndAnExpiredOneGone() {
        String location = created(1000);
        patch(location, 0, bytes(10, 11));
        String forged = location.substring(0, location.length() - 1) + (location.endsWith("a") ? "b" : "a");

        assertThat(head(forged).statusCode()).isEqualTo(404);
        assertThat(head(forged).headers().firstValue("Upload-Offset")).isEmpty();
        assertThat(patch(forged, 10, bytes(10, 12)).statusCode()).isEqualTo(404);
        assertThat(head(TUS + "x".repeat(200)).statusCode()).isEqualTo(404);

        clock.advance(Duration.ofHours(25));
        assertThat(head(location).statusCode()).isEqualTo(410);
        assertThat(patch(location, 10, bytes(10, 12)).statusCode()).isEqualTo(410);
    }

    @Test
    void terminationDeletesTheUploadAndItsUrlIsNotFoundAfterwards() {
        String location = created(1000);
        patch(location, 0, bytes(10, 13));

        assertThat(send(request(location).header("Tus-Resumable", "1.0.0").DELETE()).statusCode()).isEqualTo(204);

        assertThat(head(location).statusCode()).isEqualTo(404);
        assertThat(send(request(location).header("Tus-Resumable", "1.0.0").DELETE()).statusCode()).isEqualTo(404);
    }

    @Test
    void theAuthorizerIsAskedOnEveryRequestThatChangesAnUpload() {
        String location = created(1000);

        assertThat(send(request(location).method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Tus-Resumable", "1.0.0")
                .header("X-Refuse", "yes")).statusCode()).as("HEAD changes nothing").isEqualTo(200);
        assertThat(send(patchRequest(location, 0, bytes(10, 14)).header("X-Refuse", "yes")).statusCode()).isEqualTo(403);
        assertThat(send(request(location).header("Tus-Resumable", "1.0.0").header("X-Refuse", "yes").DELETE()).statusCode()).isEqualTo(403);
        assertThat(head(location).headers().firstValue("Upload-Offset")).hasValue("0");
    }

    @Test
    void aPatchMustBeAnOffsetStreamWithAnOffsetAndALength() {
        String location = created(1000);

        assertThat(send(request(location).header("Tus-Resumable", "1.0.0").header("Upload-Offset", "0")
                .header("Content-Type", "application/octet-stream").method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes(10, 15))))
                .statusCode()).isEqualTo(415);
        assertThat(send(request(location).header("Tus-Resumable", "1.0.0").header("Content-Type", TusEndpoint.OFFSET_STREAM)
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes(10, 15)))).statusCode()).isEqualTo(400);
        assertThat(send(patchRequest(location, 0, bytes(10, 15)).setHeader("Upload-Offset", "-1")).statusCode()).isEqualTo(400);
        assertThat(head(location).headers().firstValue("Upload-Offset")).hasValue("0");
    }

    @Test
    void aMethodOverrideIsHonoured() {
        String location = created(10);

        HttpResponse<String> response = send(request(location).header("Tus-Resumable", "1.0.0").header("X-HTTP-Method-Override", "PATCH")
                .header("Upload-Offset", "0").header("Content-Type", TusEndpoint.OFFSET_STREAM)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(10, 16))));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Affix-Signed-Id")).isPresent();
    }

    /** Waits until the first request holds the upload's lease, as the table shows. */
    private void awaitWriting() throws Exception {
        try (Connection connection = DriverManager.getConnection(databaseUrl);
             PreparedStatement leased = connection.prepareStatement("SELECT COUNT(*) FROM affix_resumable_uploads WHERE lease_holder IS NOT NULL")) {
            for (int i = 0; i < 200; i++) {
                try (ResultSet rows = leased.executeQuery()) {
                    rows.next();
                    if (rows.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the first request never took the upload");
    }

    private String created(long length) {
        HttpResponse<String> response = create(length, metadata("filename", "file.bin"));
        assertThat(response.statusCode()).isEqualTo(201);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<String> create(long length, String metadata) {
        HttpRequest.Builder request = request(TUS).header("Tus-Resumable", "1.0.0").header("Upload-Metadata", metadata);
        if (length >= 0) {
            request.header("Upload-Length", Long.toString(length));
        }
        return send(request.POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> head(String location) {
        return send(request(location).header("Tus-Resumable", "1.0.0").method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> patch(String location, long offset, byte[] chunk) {
        return send(patchRequest(location, offset, chunk));
    }

    private HttpRequest.Builder patchRequest(String location, long offset, byte[] chunk) {
        return request(location).header("Tus-Resumable", "1.0.0").header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", TusEndpoint.OFFSET_STREAM).method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk));
    }

    private static String metadata(String... pairs) {
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            header.append(header.isEmpty() ? "" : ",").append(pairs[i]).append(' ')
                    .append(Base64.getEncoder().encodeToString(pairs[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        return header.toString();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}

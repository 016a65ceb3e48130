package dev.affix.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.blob.Blob;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.http.AffixTestServer;
import dev.affix.http.DirectUploadAuthorizer;
import dev.affix.http.EndpointOptions;
import dev.affix.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoints Uppy's {@code @uppy/aws-s3} calls, spoken to request by request as Uppy does, with the
 * parts PUT straight to s3proxy on the presigned URLs: the bytes never reach Affix, the completion is
 * checked against what S3 holds and what was declared, and every bad request changes nothing.
 */
class S3MultipartEndpointTest {

    private static final int MIB = 1024 * 1024;
    private static S3ProxyServer s3;

    @TempDir
    Path dir;
    private AffixTestServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void startServer() {
        DirectUploadAuthorizer refusing = (request, upload) -> request.getHeader("X-Refuse") == null;
        server = AffixTestServer.start(dir, config -> config.service("amazon", S3Service.TYPE, s3.configuration(Map.of()))
                .defaultService("amazon").endpointSetting("resumable_uploads", Map.of("max_byte_size", "64MiB")), EndpointOptions.defaults(),
                refusing);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void partsGoStraightToTheBucketAndTheCompletedObjectBecomesABlob() {
        byte[] data = bytes(11 * MIB + 3, 1);
        Map<String, Object> created = create(data.length, "clip.mp4", "video/mp4");
        String uploadId = (String) created.get("uploadId");
        assertThat(created.get("key")).isNotNull();

        List<Map<String, Object>> parts = putParts(uploadId, data, 5 * MIB);
        List<Object> listed = Json.mapper().readValue(get("/affix/s3/multipart/" + uploadId).body(), List.class);
        assertThat(listed).hasSize(3);
        assertThat(server.affix().blobs().page(null, 0, 10)).as("nothing attachable before completion").isEmpty();

        HttpResponse<String> completed = complete(uploadId, parts);
        assertThat(completed.statusCode()).isEqualTo(200);
        Map<String, Object> answer = Json.readObject(completed.body());
        String signedId = completed.headers().firstValue("Affix-Signed-Id").orElseThrow();
        assertThat(answer).containsEntry("signed_id", signedId).containsEntry("location", "/affix/s3/multipart/" + uploadId + "/blob");
        Blob blob = server.affix().blobs().findSigned(signedId).orElseThrow();
        assertThat(blob.checksum()).isEqualTo(Checksum.of(ChecksumAlgorithm.MD5, ChecksumAlgorithm.MD5.newDigest().digest(data)));
        assertThat(blob.byteSize()).isEqualTo(data.length);
        assertThat(blob.filename()).isEqualTo("clip.mp4");
        assertThat(Json.readObject(get((String) answer.get("location")).body())).containsEntry("signed_id", signedId);
        assertThat(s3.multipartUploads()).noneMatch(upload -> upload.key().equals(blob.key()));
    }

    @Test
    void completionWithPartsMissingReorderedOrUnknownIsRefusedAndTheUploadCanStillComplete() {
        byte[] data = bytes(10 * MIB + 7, 2);
        String uploadId = (String) create(data.length, "a.bin", "application/octet-stream").get("uploadId");
        List<Map<String, Object>> parts = putParts(uploadId, data, 5 * MIB);

        assertThat(complete(uploadId, List.of(parts.get(0), parts.get(2))).statusCode()).as("a part missing").isEqualTo(400);
        assertThat(complete(uploadId, List.of(parts.get(1), parts.get(0), parts.get(2))).statusCode()).as("reordered").isEqualTo(400);
        List<Map<String, Object>> forged = new ArrayList<>(parts);
        forged.set(1, Map.of("PartNumber", 2, "ETag", "0123456789abcdef0123456789abcdef"));
        assertThat(complete(uploadId, forged).statusCode()).as("an ETag S3 does not hold").isEqualTo(400);
        assertThat(complete(uploadId, parts.subList(0, 2)).statusCode()).as("a part left out").isEqualTo(400);
        assertThat(server.affix().blobs().page(null, 0, 10)).isEmpty();

        assertThat(complete(uploadId, parts).statusCode()).isEqualTo(200);
    }

    @Test
    void partsThatDoNotAddUpToTheDeclaredSizeAreRefused() {
        byte[] data = bytes(7 * MIB, 3);
        String more = (String) create(6 * MIB, "more.bin", "application/octet-stream").get("uploadId");
        String fewer = (String) create(8 * MIB, "fewer.bin", "application/octet-stream").get("uploadId");

        assertThat(complete(more, putParts(more, data, 5 * MIB)).statusCode()).isEqualTo(413);
        assertThat(complete(fewer, putParts(fewer, data, 5 * MIB)).statusCode()).isEqualTo(400);
        assertThat(server.affix().blobs().page(null, 0, 10)).isEmpty();
    }

    @Test
    void aCreationMustDeclareAnAllowedSizeAndPassTheAuthorizer() {
        int openBefore = s3.multipartUploads().size();
        assertThat(post("/affix/s3/multipart", Map.of("filename", "a.bin", "type", "application/octet-stream", "metadata",
                Map.of("name", "a.bin"))).statusCode()).as("no size").isEqualTo(422);
        assertThat(post("/affix/s3/multipart", Map.of("filename", "a.bin", "metadata", Map.of("size", 65 * MIB))).statusCode())
                .isEqualTo(413);
        HttpResponse<String> refused = send(HttpRequest.newBuilder(server.uri("/affix/s3/multipart")).header("X-Refuse", "yes")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("filename", "a.bin", "metadata", Map.of("size", 10))))));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(s3.multipartUploads()).as("no multipart upload was begun").hasSize(openBefore);
    }

    @Test
    void onlyPartNumbersTheDeclaredSizeCanNeedAreSigned() {
        String uploadId = (String) create(10 * MIB, "a.bin", "application/octet-stream").get("uploadId");

        assertThat(get("/affix/s3/multipart/" + uploadId + "/0").statusCode()).isEqualTo(400);
        assertThat(get("/affix/s3/multipart/" + uploadId + "/2").statusCode()).isEqualTo(200);
        assertThat(get("/affix/s3/multipart/" + uploadId + "/3").statusCode()).isEqualTo(400);
    }

    @Test
    void anUnknownUploadIdIsNotFoundAndAnAbortedUploadIsGoneFromTheBucket() {
        Map<String, Object> created = create(6 * MIB, "a.bin", "application/octet-stream");
        String uploadId = (String) created.get("uploadId");
        assertThat(get("/affix/s3/multipart/" + "x".repeat(28) + "/1").statusCode()).isEqualTo(404);
        assertThat(s3.multipartUploads()).anyMatch(upload -> upload.key().equals(created.get("key")));

        assertThat(send(HttpRequest.newBuilder(server.uri("/affix/s3/multipart/" + uploadId)).DELETE()).statusCode()).isEqualTo(200);

        assertThat(s3.multipartUploads()).noneMatch(upload -> upload.key().equals(created.get("key")));
        assertThat(get("/affix/s3/multipart/" + uploadId).statusCode()).isEqualTo(404);
    }

    private Map<String, Object> create(long size, String name, String type) {
        HttpResponse<String> response = post("/affix/s3/multipart", Map.of("filename", "uppy-" + name, "type", type,
                "metadata", Map.of("name", name, "type", type, "size", size)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.readObject(response.body());
    }

    /** Signs and PUTs each part as Uppy does; returns what it would send to complete. */
    private List<Map<String, Object>> putParts(String uploadId, byte[] data, int partSize) {
        List<Map<String, Object>> parts = new ArrayList<>();
        for (int offset = 0, number = 1; offset < data.length; offset += partSize, number++) {
            String url = (String) Json.readObject(get("/affix/s3/multipart/" + uploadId + "/" + number).body()).get("url");
            HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(url))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(data, offset, Math.min(data.length, offset + partSize)))));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            parts.add(Map.of("PartNumber", number, "ETag", put.headers().firstValue("ETag").orElseThrow().replace("\"", "")));
        }
        return parts;
    }

    private HttpResponse<String> complete(String uploadId, List<Map<String, Object>> parts) {
        return post("/affix/s3/multipart/" + uploadId + "/complete", Map.of("parts", parts));
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(server.uri(path)).GET());
    }

    private HttpResponse<String> post(String path, Map<String, Object> body) {
        return send(HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

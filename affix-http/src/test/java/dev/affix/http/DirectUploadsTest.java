package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.attachment.Attachment;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.blob.BlobMetadata;
import dev.affix.json.Json;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST {prefix}/direct_uploads} as the {@code @rails/activestorage} client sends it, with a
 * 10 MiB limit, a few allowed types, and an authoriser that refuses requests marked {@code X-Test-Deny}.
 */
class DirectUploadsTest {

    static final long LIMIT = 10L * 1024 * 1024;
    static final AtomicReference<DeclaredUpload> lastAuthorized = new AtomicReference<>();

    @TempDir
    static Path dir;
    static HttpFixture http;

    @BeforeAll
    static void start() {
        EndpointOptions options = EndpointOptions.builder()
                .maxDirectUploadBytes(LIMIT)
                .allowedDirectUploadTypes(List.of("image/*", "text/plain", "application/pdf", "application/octet-stream"))
                .build();
        http = HttpFixture.start(dir, options, (request, upload) -> {
            lastAuthorized.set(upload);
            return request.getHeader("X-Test-Deny") == null;
        });
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void answersTheBlobItsSignedIdAndWhereToPutTheBytes() {
        HttpResponse<byte[]> response = post(declaration("pixel.png", "image/png", HttpFixture.PNG));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json;charset=UTF-8");
        assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        Map<String, Object> json = json(response);
        assertThat(json).containsOnlyKeys("id", "key", "filename", "content_type", "metadata", "service_name", "byte_size", "checksum",
                "created_at", "signed_id", "direct_upload");
        Blob blob = http.affix.blobs().require(((Number) json.get("id")).longValue());
        assertThat(json).containsEntry("key", blob.key()).containsEntry("filename", "pixel.png").containsEntry("content_type", "image/png")
                .containsEntry("service_name", "local").containsEntry("byte_size", HttpFixture.PNG.length)
                .containsEntry("checksum", DiskUploadTest.md5(HttpFixture.PNG).toString()).containsEntry("created_at", blob.createdAt().toString())
                .containsEntry("metadata", Map.of());
        assertThat(http.affix.blobs().findSigned((String) json.get("signed_id"))).contains(blob);
        @SuppressWarnings("unchecked")
        Map<String, Object> upload = (Map<String, Object>) json.get("direct_upload");
        assertThat((String) upload.get("url")).startsWith(http.base + HttpFixture.PREFIX + "/disk/");
        assertThat(upload.get("headers")).isEqualTo(Map.of("Content-Type", "image/png"));
    }

    @Test
    void aDirectUploadGoesAllTheWayToAnAttachmentAndBack() {
        byte[] bytes = HttpFixture.PNG;
        Map<String, Object> json = json(post(declaration("me.png", "image/png", bytes)));
        @SuppressWarnings("unchecked")
        Map<String, Object> upload = (Map<String, Object>) json.get("direct_upload");
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) upload.get("headers");

        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create((String) upload.get("url"))).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(put::header);
        HttpResponse<byte[]> stored = http.send(put.build());
        Attachment attachment = http.affix.one(RecordRef.of("User", 1), "avatar").attachSigned((String) json.get("signed_id"));
        HttpResponse<byte[]> served = http.get(http.proxyPath(attachment.blob()));

        assertThat(stored.statusCode()).isEqualTo(204);
        assertThat(attachment.blob().contentType()).isEqualTo("image/png");
        assertThat(attachment.blob().identified()).isTrue();
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(bytes);
    }

    @Test
    void aFileOfUnknownTypeIsDeclaredAsBinary() {
        Map<String, Object> json = json(post(declaration("data", "", new byte[] {1, 2, 3})));

        assertThat(json).containsEntry("content_type", "application/octet-stream");
        @SuppressWarnings("unchecked")
        Map<String, Object> upload = (Map<String, Object>) json.get("direct_upload");
        assertThat(upload.get("headers")).isEqualTo(Map.of("Content-Type", "application/octet-stream"));
    }

    @Test
    void metadataCannotSetTheKeysAffixOwns() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (String reserved : BlobMetadata.RESERVED) {
            metadata.put(reserved, true);
        }
        metadata.put("camera", "x100");
        metadata.put("rating", 5);
        Map<String, Object> declaration = declaration("pixel.png", "image/png", HttpFixture.PNG);
        blobOf(declaration).put("metadata", metadata);

        HttpResponse<byte[]> response = post(declaration);

        assertThat(response.statusCode()).isEqualTo(200);
        Blob blob = http.affix.blobs().require(((Number) json(response).get("id")).longValue());
        assertThat(blob.identified()).isFalse();
        assertThat(blob.metadata()).isEqualTo(Map.of(BlobMetadata.CUSTOM, Map.of("camera", "x100", "rating", "5")));
        assertThat(json(response).get("metadata")).isEqualTo(Map.of(BlobMetadata.CUSTOM, Map.of("camera", "x100", "rating", "5")));
        assertThat(lastAuthorized.get().metadata()).isEqualTo(Map.of("camera", "x100", "rating", "5"));
    }

    @Test
    void aFilenameWithFoldersKeepsOnlyItsName() {
        Map<String, Object> json = json(post(declaration("../../etc/passwd", "text/plain", new byte[] {1})));

        assertThat(json).containsEntry("filename", "passwd");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json                                                                                      | not valid JSON",
        "[1, 2]                                                                                        | a \"blob\" object",
        "{}                                                                                            | a \"blob\" object",
        "{\"blob\": \"x\"}                                                                             | a \"blob\" object",
        "{\"blob\": {\"content_type\": \"text/plain\", \"byte_size\": 1, \"checksum\": \"1B2M2Y8AsgTpgAmY7PhCfg==\"}} | blob.filename is missing",
        "{\"blob\": {\"filename\": \" \", \"content_type\": \"text/plain\", \"byte_size\": 1, \"checksum\": \"1B2M2Y8AsgTpgAmY7PhCfg==\"}} | blob.filename is blank",
        "{\"blob\": {\"filename\": 7, \"content_type\": \"text/plain\", \"byte_size\": 1, \"checksum\": \"1B2M2Y8AsgTpgAmY7PhCfg==\"}} | blob.filename must be a string",
        "{\"blob\": {\"filename\": \"a\", \"byte_size\": 1, \"checksum\": \"1B2M2Y8AsgTpgAmY7PhCfg==\"}} | blob.content_type is missing",
        "{\"blob\": {\"filename\": \"a\", \"content_type\": \"text/plain\\r\\nX-Injected: 1\", \"byte_size\": 1, \"checksum\": \"1B2M2Y8AsgTpgAmY7PhCfg==\"}} | blob.content_type is not a media type",
        "{\"blob\": {\"filename\": \"a\", \"content_type\": \"text\", \"byte_size\": 1, \"checksum\": \"1B2M2Y8AsgTpgAmY7PhCfg==\"}} | blob.content_type is not a media type",
        "{\"blob\": {\"filename\": \"a\", \"content_type\": \"text/plain\", \"checksum\": \"1B2M2Y8AsgTpgAmY7PhCfg==\"}} | blob.byte_size is missing",
        "{\"blob\": {\"filename\": \"a\", \"content_type\": \"text/plain\", \"byte_size\": -1, \"checksum\": \"1B2M2Y8AsgTpgAmY7PhCfg==\"}} | blob.byte_size must be a whole number",
        "{\"blob\": {\"filename\": \"a\", \"content_type\": \"text/plain\", \"byte_size\": 1.5, \"checksum\": \"1B2M2Y8AsgTpgAmY7PhCfg==\"}} | blob.byte_size must be a whole number",
        "{\"blob\": {\"filename\": \"a\", \"content_type\": \"text/plain\", \"byte_size\": \"1\", \"checksum\": \"1B2M2Y8AsgTpgAmY7PhCfg==\"}} | blob.byte_size must be a whole number",
        "{\"blob\": {\"filename\": \"a\", \"content_type\": \"text/plain\", \"byte_size\": 99999999999999999999, \"checksum\": \"1B2M2Y8AsgTpgAmY7PhCfg==\"}} | blob.byte_size must be a whole number",
        "{\"blob\": {\"filename\": \"a\", \"content_type\": \"text/plain\", \"byte_size\": 1}} | blob.checksum is missing",
        "{\"blob\": {\"filename\": \"a\", \"content_type\": \"text/plain\", \"byte_size\": 1, \"checksum\": \"not base64!\"}} | blob.checksum must be the base64 MD5",
        "{\"blob\": {\"filename\": \"a\", \"content_type\": \"text/plain\", \"byte_size\": 1, \"checksum\": \"AAAA\"}} | blob.checksum must be the base64 MD5",
        "{\"blob\": {\"filename\": \"a\", \"content_type\": \"text/plain\", \"byte_size\": 1, \"checksum\": \"sha256:1B2M2Y8AsgTpgAmY7PhCfg==\"}} | blob.checksum must be the base64 MD5",
        "{\"blob\": {\"filename\": \"a\", \"content_type\": \"text/plain\", \"byte_size\": 1, \"checksum\": \"1B2M2Y8AsgTpgAmY7PhCfg==\", \"metadata\": [1]}} | blob.metadata must be a JSON object",
        "{\"blob\": {\"filename\": \"a\", \"content_type\": \"text/plain\", \"byte_size\": 1, \"checksum\": \"1B2M2Y8AsgTpgAmY7PhCfg==\", \"metadata\": {\"k\": {\"x\": 1}}}} | blob.metadata.k must be a string",
        "{\"blob\": {\"filename\": \"a\", \"filename\": \"b\", \"content_type\": \"text/plain\", \"byte_size\": 1, \"checksum\": \"1B2M2Y8AsgTpgAmY7PhCfg==\"}} | Duplicate",
        "{\"blob\": {\"filename\": \"a\", \"content_type\": \"text/plain\", \"byte_size\": 1, \"checksum\": \"1B2M2Y8AsgTpgAmY7PhCfg==\"}} {} | not valid JSON"})
    void anInvalidDeclarationIs422WithAMessageAndCreatesNothing(String body, String message) {
        int before = http.blobs().size();

        HttpResponse<byte[]> response = post(body);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat((String) json(response).get("error")).contains(message);
        assertThat(http.blobs()).hasSize(before);
    }

    @Test
    void aBodyThatIsNotJsonIs415AndCreatesNothing() {
        int before = http.blobs().size();

        HttpResponse<byte[]> response = http.send(http.request(HttpFixture.PREFIX + "/direct_uploads").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(declaration("a.png", "image/png", HttpFixture.PNG)))).build());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(http.blobs()).hasSize(before);
    }

    @Test
    void aBodyOver64KibIs413AndCreatesNothing() {
        int before = http.blobs().size();
        Map<String, Object> declaration = declaration("a.png", "image/png", HttpFixture.PNG);
        blobOf(declaration).put("metadata", Map.of("padding", "x".repeat(70_000)));

        HttpResponse<byte[]> declared = post(declaration);
        HttpResponse<byte[]> chunked = http.send(http.request(HttpFixture.PREFIX + "/direct_uploads").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(Json.write(declaration).getBytes(StandardCharsets.UTF_8))))
                .build());

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(http.blobs()).hasSize(before);
    }

    @Test
    void anUploadOverTheSizeLimitIs413AndCreatesNothing() {
        int before = http.blobs().size();
        Map<String, Object> declaration = declaration("big.png", "image/png", HttpFixture.PNG);
        blobOf(declaration).put("byte_size", LIMIT + 1);

        HttpResponse<byte[]> response = post(declaration);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat((String) json(response).get("error")).contains("10485761", "10485760");
        assertThat(http.blobs()).hasSize(before);
        blobOf(declaration).put("byte_size", LIMIT);
        assertThat(post(declaration).statusCode()).isEqualTo(200);
    }

    @Test
    void aTypeOffTheAllowedListIs415AndCreatesNothing() {
        int before = http.blobs().size();

        HttpResponse<byte[]> html = post(declaration("page.html", "text/html", new byte[] {1}));
        HttpResponse<byte[]> exe = post(declaration("setup.exe", "application/x-msdownload", new byte[] {1}));

        assertThat(html.statusCode()).isEqualTo(415);
        assertThat(exe.statusCode()).isEqualTo(415);
        assertThat((String) json(exe).get("error")).contains("application/x-msdownload");
        assertThat(http.blobs()).hasSize(before);
        assertThat(post(declaration("photo.jpg", "image/jpeg", new byte[] {1})).statusCode()).isEqualTo(200);
    }

    @Test
    void aRefusalOfTheAuthoriserIs403AndCreatesNothing() {
        int before = http.blobs().size();

        HttpResponse<byte[]> response = http.send(http.request(HttpFixture.PREFIX + "/direct_uploads").header("Content-Type", "application/json")
                .header("X-Test-Deny", "yes").POST(HttpRequest.BodyPublishers.ofString(Json.write(declaration("a.png", "image/png", HttpFixture.PNG))))
                .build());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(http.blobs()).hasSize(before);
        assertThat(lastAuthorized.get().filename()).isEqualTo("a.png");
        assertThat(lastAuthorized.get().byteSize()).isEqualTo(HttpFixture.PNG.length);
        assertThat(lastAuthorized.get().checksum()).isEqualTo(DiskUploadTest.md5(HttpFixture.PNG));
    }

    @Test
    void onlyPostCreates() {
        assertThat(http.get(HttpFixture.PREFIX + "/direct_uploads").statusCode()).isEqualTo(404);
    }

    static Map<String, Object> declaration(String filename, String contentType, byte[] bytes) {
        Map<String, Object> blob = new LinkedHashMap<>();
        blob.put("filename", filename);
        blob.put("content_type", contentType);
        blob.put("byte_size", bytes.length);
        blob.put("checksum", DiskUploadTest.md5(bytes).toString());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("blob", blob);
        return body;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> blobOf(Map<String, Object> declaration) {
        return (Map<String, Object>) declaration.get("blob");
    }

    static HttpResponse<byte[]> post(Map<String, Object> declaration) {
        return post(Json.write(declaration));
    }

    /** As {@code @rails/activestorage} sends it. */
    static HttpResponse<byte[]> post(String body) {
        return http.send(http.request(HttpFixture.PREFIX + "/direct_uploads")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("X-Requested-With", "XMLHttpRequest")
                .header("X-CSRF-Token", "token-from-the-page")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static Map<String, Object> json(HttpResponse<byte[]> response) {
        return Json.readObject(new String(response.body(), StandardCharsets.UTF_8));
    }
}

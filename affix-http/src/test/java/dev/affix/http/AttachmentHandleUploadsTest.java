package dev.affix.http;

import dev.affix.testing.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.attachment.AttachmentHandle;
import dev.affix.attachment.AttachmentHandles;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.config.DatabaseSettings;
import dev.affix.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code POST {prefix}/direct_uploads} with an attachment handle in the {@code Affix-Attachment-Handle}
 * header, on H2, PostgreSQL and MariaDB. {@code Doc.scan} keeps PNGs and PDFs of 1 to 1024 bytes in the
 * {@code vault} service, per tenant and record; {@code Post.files} anything, in {@code vault}, per
 * tenant, for posts not saved yet; {@code User.avatar} anything in the default service, {@code local}.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class AttachmentHandleUploadsTest {

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private final AtomicReference<DeclaredUpload> authorized = new AtomicReference<>();
    private HikariDataSource pool;
    private String prefix;
    private HttpFixture http;

    @BeforeEach
    void start() {
        prefix = "hup" + Long.toString(System.nanoTime(), 36) + "_";
        pool = database.open(prefix);
        http = HttpFixture.start(dir, HttpFixture.Setup.defaults()
                .dataSource(pool)
                .uploads((request, upload) -> {
                    authorized.set(upload);
                    return true;
                })
                .configured(config -> config
                        .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix))
                        .disk("vault", dir.resolve("vault"))
                        .attachment("Doc.scan", Map.of("kind", "one", "service", "vault", "keys", "{tenant}/scans/{record_type}/{record_id}/{random}",
                                "validate", Map.of("content_types", List.of("image/png", "application/pdf"), "max_byte_size", "1KiB",
                                        "min_byte_size", 1)))
                        .attachment("Post.files", Map.of("kind", "many", "service", "vault", "keys", "{tenant}/posts/{name}/{random}"))));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    @Test
    void anUploadThroughAHandleIsMadeInItsDeclarationsServiceAtItsKeysAndAttachedThere() {
        String handle = http.affix.forTenant("acme").attachmentHandle(RecordRef.of("Doc", 7), "scan");

        HttpResponse<byte[]> response = post(handle, HttpFixture.PNG, "scan.png", "image/png");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> json = json(response);
        assertThat((String) json.get("key")).matches("acme/scans/Doc/7/[0-9a-z]{28}");
        assertThat(json).containsEntry("service_name", "vault").containsEntry("metadata", Map.of("direct_upload_for", "Doc.scan (tenant acme)"));
        assertThat(authorized.get().attachment()).contains(new AttachmentHandle("Doc", "scan", "acme", "7"));
        assertThat(put(json, HttpFixture.PNG).statusCode()).isEqualTo(204);
        assertThat(http.affix.services().get("vault").exists((String) json.get("key"))).isTrue();
        assertThat(objects(dir.resolve("local"))).isEmpty();

        Blob attached = http.affix.forTenant("acme").one(RecordRef.of("Doc", 7), "scan").attachSigned((String) json.get("signed_id")).blob();

        assertThat(attached.id()).isEqualTo(((Number) json.get("id")).longValue());
        assertThat(attached.contentType()).isEqualTo("image/png");
        assertThat(http.get(http.proxyPath(attached)).body()).isEqualTo(HttpFixture.PNG);
    }

    @Test
    void aHandleForARecordNotSavedYetGetsKeysWithoutItsId() {
        String handle = http.affix.forTenant("acme").attachmentHandle("Post", "files");

        Map<String, Object> json = json(post(handle, HttpFixture.PNG, "a.png", "image/png"));

        assertThat((String) json.get("key")).matches("acme/posts/files/[0-9a-z]{28}");
        assertThat(json).containsEntry("service_name", "vault");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "big.png   | image/png       | 4096 | 413 | max_byte_size",
        "anim.gif  | image/gif       | 10   | 415 | content_types",
        "empty.pdf | application/pdf | 0    | 422 | min_byte_size",
        "big.gif   | image/gif       | 4096 | 413 | content_types max_byte_size",
        "empty.gif | image/gif       | 0    | 415 | content_types min_byte_size"})
    void aFileTheDeclarationRefusesIsAnsweredByItsRulesAndNothingIsStored(String filename, String contentType, long byteSize, int status,
            String rules) {
        String handle = http.affix.forTenant("acme").attachmentHandle(RecordRef.of("Doc", 7), "scan");
        Map<String, Object> declaration = DirectUploadsTest.declaration(filename, contentType, HttpFixture.PNG);
        DirectUploadsTest.blobOf(declaration).put("byte_size", byteSize);

        HttpResponse<byte[]> response = post(handle, Json.write(declaration));

        assertThat(response.statusCode()).isEqualTo(status);
        Map<String, Object> json = json(response);
        assertThat(json).containsOnlyKeys("error", "attachment", "violations").containsEntry("attachment", "Doc.scan");
        assertThat((String) json.get("error")).startsWith("attachment 'Doc.scan' refused: ").contains("'" + filename + "'");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) json.get("violations");
        assertThat(violations).extracting(v -> v.get("rule")).containsExactly((Object[]) rules.split(" "));
        assertThat(violations).allSatisfy(v -> assertThat((String) v.get("message")).startsWith("'" + filename + "' is "));
        assertNothingStored();
    }

    @Test
    void theRuleMessagesGiveTheValues() {
        String handle = http.affix.forTenant("acme").attachmentHandle(RecordRef.of("Doc", 7), "scan");
        Map<String, Object> declaration = DirectUploadsTest.declaration("big.gif", "image/gif", HttpFixture.PNG);
        DirectUploadsTest.blobOf(declaration).put("byte_size", 4096);

        Map<String, Object> json = json(post(handle, Json.write(declaration)));

        assertThat(json.get("violations")).isEqualTo(List.of(
                Map.of("rule", "content_types", "message", "'big.gif' is image/gif, not one of [application/pdf, image/png]"),
                Map.of("rule", "max_byte_size", "message", "'big.gif' is 4096 bytes, more than 1024")));
    }

    @Test
    void aForgedExpiredOrForeignHandleIs403AndNothingIsStored() {
        String handle = http.affix.forTenant("acme").attachmentHandle(RecordRef.of("Doc", 7), "scan");
        String payload = handle.substring(0, handle.indexOf('.'));
        String json = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.US_ASCII);
        String otherTenant = Base64.getUrlEncoder().withoutPadding().encodeToString(json.replace("acme", "evil").getBytes(StandardCharsets.US_ASCII))
                + handle.substring(handle.indexOf('.'));
        String blobIdPurpose = http.affix.signer().sign("blob/blob_id", Map.of("type", "Doc", "name", "scan", "tenant", "acme",
                "record_id", "7"), Duration.ofHours(1));
        String lasting = http.affix.forTenant("acme").attachmentHandles().sign(new AttachmentHandle("Doc", "scan", "acme", "7"),
                AttachmentHandles.VALIDITY.plusHours(1));

        List<String> bad = List.of(otherTenant, handle.substring(0, handle.length() - 1), "", "not a handle", blobIdPurpose);
        for (String token : bad) {
            HttpResponse<byte[]> response = post(token, HttpFixture.PNG, "scan.png", "image/png");
            assertThat(response.statusCode()).as(token).isEqualTo(403);
            assertThat((String) json(response).get("error")).as(token).contains("attachment handle is not valid", "reload the page");
        }
        http.clock.advance(AttachmentHandles.VALIDITY.plusSeconds(1));
        assertThat(post(handle, HttpFixture.PNG, "scan.png", "image/png").statusCode()).as("expired").isEqualTo(403);
        assertThat(authorized.get()).as("nor is the authoriser asked").isNull();
        assertNothingStored();
        assertThat(post(lasting, HttpFixture.PNG, "scan.png", "image/png").statusCode()).as("a handle made to last longer").isEqualTo(200);
    }

    @Test
    void twoHandlesAre422() {
        String handle = http.affix.forTenant("acme").attachmentHandle(RecordRef.of("Doc", 7), "scan");

        HttpResponse<byte[]> response = http.send(http.request(HttpFixture.PREFIX + "/direct_uploads").header("Content-Type", "application/json")
                .header(DirectUploadsEndpoint.ATTACHMENT_HANDLE, handle).header(DirectUploadsEndpoint.ATTACHMENT_HANDLE, handle)
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(DirectUploadsTest.declaration("a.png", "image/png", HttpFixture.PNG))))
                .build());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat((String) json(response).get("error")).contains("send one Affix-Attachment-Handle header");
        assertNothingStored();
    }

    @Test
    void withoutAHandleAnUploadIsMadeInTheDefaultServiceAtARandomKeyAsBefore() {
        HttpResponse<byte[]> response = post(null, HttpFixture.PNG, "a.png", "image/png");

        Map<String, Object> json = json(response);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat((String) json.get("key")).matches("[0-9a-z]{28}");
        assertThat(json).containsEntry("service_name", "local").containsEntry("metadata", Map.of());
        assertThat(authorized.get().attachment()).isEmpty();
    }

    @Test
    void anUploadMadeForOneDeclarationAndAttachedToAnotherIsCopiedIntoThatOnesService() {
        Map<String, Object> json = json(post(http.affix.forTenant("acme").attachmentHandle("Post", "files"), HttpFixture.PNG, "me.png",
                "image/png"));
        assertThat(put(json, HttpFixture.PNG).statusCode()).isEqualTo(204);

        Blob attached = http.affix.one(RecordRef.of("User", 1), "avatar").attachSigned((String) json.get("signed_id")).blob();

        assertThat(attached.serviceName()).isEqualTo("local");
        assertThat(attached.key()).doesNotStartWith("acme/");
        assertThat(http.get(http.proxyPath(attached)).body()).isEqualTo(HttpFixture.PNG);
        assertThat(http.affix.blobs().find(((Number) json.get("id")).longValue())).as("the upload").isEmpty();
        assertThat(objects(dir.resolve("vault"))).isEmpty();
    }

    private HttpResponse<byte[]> post(String handle, byte[] bytes, String filename, String contentType) {
        return post(handle, Json.write(DirectUploadsTest.declaration(filename, contentType, bytes)));
    }

    /** As {@code @rails/activestorage} sends it, with the handle that a page adds before the request goes (none when null). */
    private HttpResponse<byte[]> post(String handle, String body) {
        HttpRequest.Builder request = http.request(HttpFixture.PREFIX + "/direct_uploads")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("X-Requested-With", "XMLHttpRequest");
        if (handle != null) {
            request.header(DirectUploadsEndpoint.ATTACHMENT_HANDLE, handle);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The browser's PUT of the bytes, as the answer says. */
    @SuppressWarnings("unchecked")
    private HttpResponse<byte[]> put(Map<String, Object> answer, byte[] bytes) {
        Map<String, Object> upload = (Map<String, Object>) answer.get("direct_upload");
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create((String) upload.get("url"))).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        ((Map<String, String>) upload.get("headers")).forEach(put::header);
        return http.send(put.build());
    }

    private void assertNothingStored() {
        assertThat(http.blobs()).as("blob rows").isEmpty();
        assertThat(objects(dir.resolve("vault"))).as("objects in vault").isEmpty();
        assertThat(objects(dir.resolve("local"))).as("objects in local").isEmpty();
    }

    /** The objects under a Disk root, less its temporary files. */
    private static List<Path> objects(Path root) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(file -> !root.relativize(file).startsWith(".tmp")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> json(HttpResponse<byte[]> response) {
        return Json.readObject(new String(response.body(), StandardCharsets.UTF_8));
    }
}

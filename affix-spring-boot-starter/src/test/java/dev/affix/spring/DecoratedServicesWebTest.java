package dev.affix.spring;

import dev.affix.testing.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.Affix;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.http.BlobUrls;
import dev.affix.json.Json;
import dev.affix.spring.app.TestApplication;
import dev.affix.spring.metrics.TimedStorageService;
import dev.affix.storage.DirectUploadTarget;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With Actuator's MeterRegistry every storage service is wrapped for timing, members of the Mirror
 * included: the Disk URLs (downloads behind a redirect, direct-upload PUTs) must still reach the Disk
 * services through their wrappers, and a direct upload into a Mirror must still be copied on. Jobs run
 * inline, so the copy has happened when the attach returns.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "affix.jobs.runner=inline")
class DecoratedServicesWebTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(TestDatabase.H2, registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    Affix affix;
    @Autowired
    MeterRegistry meters;
    @Autowired
    BlobUrls urls;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void everyServiceIsDecorated() {
        for (String name : new String[] {"local", "spare", "both"}) {
            assertThat(affix.services().get(name)).as(name).isInstanceOf(TimedStorageService.class);
        }
    }

    @Test
    void aRedirectLeadsToADiskUrlThatServesTheBytesThroughTheDecoratedService() throws Exception {
        Blob blob = affix.one(RecordRef.of("Post", 10), "cover").attach("redirected bytes".getBytes(StandardCharsets.UTF_8), "r.txt").blob();
        double downloadsBefore = downloads("local");

        HttpResponse<byte[]> redirect = send(HttpRequest.newBuilder(local(urls.redirectPath(blob))).build());
        URI disk = URI.create(redirect.headers().firstValue("location").orElseThrow());
        HttpResponse<byte[]> download = send(HttpRequest.newBuilder(local(disk.getRawPath())).build());

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(disk.getPath()).startsWith("/affix/disk/");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(new String(download.body(), StandardCharsets.UTF_8)).isEqualTo("redirected bytes");
        assertThat(downloads("local")).isEqualTo(downloadsBefore + 1);
    }

    @Test
    void aDirectUploadIsPutToItsDiskUrlAndAttached() throws Exception {
        byte[] bytes = "uploaded by the browser".getBytes(StandardCharsets.UTF_8);
        String declaration = Json.write(Map.of("blob", Map.of("filename", "d.txt", "content_type", "text/plain", "byte_size", bytes.length,
                "checksum", md5(bytes).toString())));

        HttpResponse<byte[]> created = send(HttpRequest.newBuilder(local("/affix/direct_uploads")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(declaration)).build());
        Map<String, Object> json = Json.readObject(new String(created.body(), StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Object> upload = (Map<String, Object>) json.get("direct_upload");
        HttpResponse<byte[]> put = send(HttpRequest.newBuilder(local(URI.create((String) upload.get("url")).getRawPath()))
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
        Blob attached = affix.one(RecordRef.of("Post", 11), "cover").attachSigned((String) json.get("signed_id")).blob();

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(put.statusCode()).isEqualTo(204);
        assertThat(attached.serviceName()).isEqualTo("local");
        assertThat(read(attached)).isEqualTo(bytes);
    }

    @Test
    void aDirectUploadIntoAMirrorLandsInItsPrimaryAndIsCopiedToTheMirrorOnAttach() throws Exception {
        byte[] bytes = "mirrored after upload".getBytes(StandardCharsets.UTF_8);
        Blob blob = affix.blobs().createBeforeDirectUpload("m.txt", bytes.length, md5(bytes), "text/plain", Map.of(), "both");
        DirectUploadTarget target = affix.blobs().directUploadTarget(blob, Duration.ofMinutes(5));

        HttpResponse<byte[]> put = send(HttpRequest.newBuilder(local(target.url().getRawPath())).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());

        assertThat(put.statusCode()).isEqualTo(204);
        assertThat(affix.services().get("local").exists(blob.key())).isTrue();
        assertThat(affix.services().get("spare").exists(blob.key())).isFalse();

        affix.one(RecordRef.of("Post", 12), "cover").attachSigned(affix.blobs().signedId(blob));

        try (InputStream copy = affix.services().get("spare").download(blob.key())) {
            assertThat(copy.readAllBytes()).isEqualTo(bytes);
        }
    }

    private URI local(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private double downloads(String service) {
        Timer timer = meters.find(TimedStorageService.METER).tags("service", service, "operation", "download", "outcome", "success").timer();
        return timer == null ? 0 : timer.count();
    }

    private byte[] read(Blob blob) throws IOException {
        try (InputStream in = affix.blobs().download(blob)) {
            return in.readAllBytes();
        }
    }

    private static Checksum md5(byte[] bytes) throws Exception {
        return Checksum.of(ChecksumAlgorithm.MD5, MessageDigest.getInstance("MD5").digest(bytes));
    }
}

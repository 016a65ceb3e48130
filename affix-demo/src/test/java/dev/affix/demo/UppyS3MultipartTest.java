package dev.affix.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.affix.blob.Blob;
import dev.affix.http.AffixTestServer;
import dev.affix.http.DirectUploadAuthorizer;
import dev.affix.http.EndpointOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uppy's {@code @uppy/aws-s3} (the demo's bundle) in headless Chromium, with Affix's multipart endpoints
 * as its companion: the browser PUTs a 12 MiB file's parts straight to s3proxy (a bucket whose CORS
 * rules let the page's origin PUT and read ETags), and the blob Affix records has the file's checksum.
 */
class UppyS3MultipartTest {

    private static final String ACCESS_KEY = "uppy-test-access";
    private static final String SECRET_KEY = "uppy-test-secret";
    private static final String BUCKET = "uppy-test";

    @TempDir
    Path dir;
    private S3Proxy s3proxy;
    private AffixTestServer server;

    @BeforeEach
    void start() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        try (InputStream page = getClass().getResourceAsStream("/uppy-s3/index.html")) {
            Files.copy(page, site.resolve("index.html"));
        }
        Path bundle = Path.of("target/classes/static/js/uppy/uppy.js");
        if (!Files.isRegularFile(bundle)) {
            throw new IllegalStateException(bundle.toAbsolutePath() + " is missing: the build bundles Uppy there (npm run build in uppy/)");
        }
        Files.copy(bundle, site.resolve("uppy.js"));

        int s3Port = TestEnvironment.freePort();
        // S3 is not reached before the first upload: the server can start first, and its origin go into the bucket's CORS rules
        server = AffixTestServer.start(dir, config -> config.service("amazon", "S3", Map.of("bucket", BUCKET, "region", "us-east-1",
                "endpoint", "http://127.0.0.1:" + s3Port, "force_path_style", true, "access_key_id", ACCESS_KEY, "secret_access_key",
                SECRET_KEY)).defaultService("amazon"), EndpointOptions.defaults(), DirectUploadAuthorizer.ALLOW_ALL, site);
        String origin = server.uri("/").toString().replaceAll("/$", "");
        s3proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:" + s3Port))
                .corsRules(new CrossOriginResourceSharing(List.of(origin), List.of("GET", "PUT", "HEAD"), List.of("*"), List.of("ETag"),
                        "false"))
                .build();
        s3proxy.start();
        while (!s3proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        try (S3Client client = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + s3Port)).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build()) {
            client.createBucket(create -> create.bucket(BUCKET));
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        s3proxy.stop();
    }

    @Test
    void theBrowserSendsThePartsStraightToTheBucketAndTheBlobHasTheFilesChecksum() throws IOException {
        Path film = TestFiles.csv(dir.resolve("film-notes.csv"), 12L * 1024 * 1024, 3);
        try (BrowserContext context = Chromium.browser().newContext()) {
            Page page = context.newPage();
            page.navigate(server.uri("/index.html").toString());
            page.locator("#file").setInputFiles(film);
            page.waitForFunction("() => document.body.dataset.state", null, new Page.WaitForFunctionOptions().setTimeout(120_000));

            assertThat(page.evaluate("() => document.body.dataset.error")).isNull();
            assertThat(page.evaluate("() => document.body.dataset.state")).isEqualTo("done");
            Blob blob = server.affix().blobs().findSigned((String) page.evaluate("() => document.body.dataset.signedId")).orElseThrow();
            assertThat(blob.checksum().hex()).isEqualTo(TestFiles.md5(film));
            assertThat(blob.byteSize()).isEqualTo(Files.size(film));
            assertThat(blob.filename()).isEqualTo("film-notes.csv");
            assertThat(blob.serviceName()).isEqualTo("amazon");
        }
    }
}


package dev.affix.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.DirectUploadRequest;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.StorageService;
import dev.affix.storage.StorageServices;
import dev.affix.storage.UrlOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GCS service as the configuration builds it: found by its type through ServiceLoader, refusing
 * unknown and missing keys with messages that name the service, loading a service-account key file,
 * and setting the retry policy and endpoint on the SDK client. Nothing here talks to a network: every
 * configuration that builds names credentials or an endpoint, and a project or a key file holding
 * one, so the SDK never looks up Application Default Credentials or a project id (both may query
 * the GCE metadata server).
 */
class GcsServiceFactoryTest {

    @TempDir
    Path dir;

    @Test
    void aKeyFileConfigurationBuildsAClientWithItsProjectRetriesAndEndpoint() throws IOException {
        Path key = FakeGcs.ACCOUNT.writeKeyFile(dir.resolve("key.json"));

        GcsService service = (GcsService) build("""
                    service: GCS
                    project: media-project
                    bucket: media
                    credentials: %s
                    endpoint: http://127.0.0.1:4443/
                    cache_control: "public, max-age=60"
                """.formatted(key));

        StorageOptions options = service.storage().getOptions();
        assertThat(service.name()).isEqualTo("google");
        assertThat(service.type()).isEqualTo("GCS");
        assertThat(service.bucket()).isEqualTo("media");
        assertThat(service.isPublic()).isFalse();
        assertThat(options.getProjectId()).isEqualTo("media-project");
        assertThat(options.getHost()).isEqualTo("http://127.0.0.1:4443");
        assertThat(options.getRetrySettings()).isEqualTo(GcsServiceFactory.RETRY_SETTINGS);
        assertThat(options.getRetrySettings().getMaxAttempts()).isEqualTo(6);
        assertThat(options.getRetrySettings().getTotalTimeoutDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.getCredentials()).isInstanceOfSatisfying(ServiceAccountCredentials.class,
                credentials -> assertThat(credentials.getClientEmail()).isEqualTo(TestServiceAccount.EMAIL));
    }

    @Test
    void urlsAreSignedWithTheKeyFileAndPointAtTheEndpoint() throws IOException {
        Path key = FakeGcs.ACCOUNT.writeKeyFile(dir.resolve("key.json"));
        StorageService service = build("""
                    service: GCS
                    bucket: media
                    credentials: %s
                    endpoint: http://127.0.0.1:4443
                """.formatted(key));
        Checksum md5 = Checksum.of(ChecksumAlgorithm.MD5, ChecksumAlgorithm.MD5.newDigest().digest(new byte[3]));

        URI download = service.url("a/b.txt", UrlOptions.expiringIn(Duration.ofMinutes(1)));
        var upload = service.directUpload("a/b.txt", new DirectUploadRequest(3, md5, "text/plain", ObjectMetadata.none(), null));

        assertThat(download.toString()).startsWith("http://127.0.0.1:4443/media/a/b.txt?");
        assertThat(V4SignedUrl.parse(download).signatureVerifies(FakeGcs.ACCOUNT.publicKey(), "GET", Map.of())).isTrue();
        assertThat(V4SignedUrl.parse(upload.url()).signatureVerifies(FakeGcs.ACCOUNT.publicKey(), "PUT", upload.headers()))
                .isTrue();
    }

    @Test
    void anEmulatorEndpointWithoutKeyFileUsesNoCredentialsAndPublicUrlsUseIt() {
        GcsService service = (GcsService) build("""
                    service: GCS
                    project: emulated
                    bucket: media
                    endpoint: http://127.0.0.1:4443
                    public: true
                """);

        assertThat(service.storage().getOptions().getCredentials()).isSameAs(NoCredentials.getInstance());
        assertThat(service.url("a b", UrlOptions.expiringIn(Duration.ofMinutes(1))))
                .hasToString("http://127.0.0.1:4443/media/a%20b");
    }

    @Test
    void unknownKeysAreRefusedNamingTheServiceAndTheKnownKeys() {
        assertThatThrownBy(() -> build("""
                    service: GCS
                    bucket: media
                    endpoint: http://127.0.0.1:4443
                    region: europe-west1
                """))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("service 'google' (GCS)")
                .hasMessageContaining("unknown key 'region'")
                .hasMessageContaining("bucket, cache_control, credentials, endpoint, project, public");
    }

    @Test
    void aMissingBucketIsRefused() {
        assertThatThrownBy(() -> build("""
                    service: GCS
                    endpoint: http://127.0.0.1:4443
                """))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("service 'google' (GCS)")
                .hasMessageContaining("missing required key 'bucket'");
    }

    @Test
    void unusableCredentialsFilesAreRefusedNamingTheFile() throws IOException {
        Path missing = dir.resolve("missing.json");
        Path notAKey = Files.writeString(dir.resolve("not-a-key.json"), "{\"type\": \"authorized_user\"}");

        assertThatThrownBy(() -> build("service: GCS\nbucket: media\ncredentials: " + missing + "\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("service 'google' (GCS)")
                .hasMessageContaining("credentials file " + missing + " does not exist");
        assertThatThrownBy(() -> build("service: GCS\nbucket: media\ncredentials: " + notAKey + "\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("credentials file " + notAKey + " is not a readable service-account JSON key");
    }

    @Test
    void endpointsMustBeHttpUrls() {
        assertThatThrownBy(() -> build("service: GCS\nbucket: media\nendpoint: ftp://127.0.0.1\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("endpoint 'ftp://127.0.0.1' must be an http or https URL");
    }

    /** Loads a configuration file whose one service, "google", has these settings, and builds it. */
    private StorageService build(String serviceYaml) {
        try {
            Path file = dir.resolve("affix.yml");
            Files.writeString(file, "default_service: google\nsecret: factory-test-secret-0123456789\nservices:\n  google:\n"
                    + serviceYaml.stripIndent().lines().map(line -> "    " + line + "\n").reduce("", String::concat));
            AffixConfig config = AffixConfig.load(file, null, Map.of());
            return StorageServices.create(config, new MessageSigner(config.secret(), Clock.systemUTC())).get("google");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

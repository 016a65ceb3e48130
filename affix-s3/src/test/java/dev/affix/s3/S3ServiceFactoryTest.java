package dev.affix.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.StorageService;
import dev.affix.storage.StorageServices;
import dev.affix.storage.spi.ServiceSettings;
import dev.affix.storage.spi.StorageServiceFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Reading the configuration: what is accepted, what defaults apply, and how a mistake is reported. */
class S3ServiceFactoryTest {

    private static final Map<String, Object> MINIMAL = Map.of("bucket", "files");

    @Test
    void theFactoryIsFoundByTheServiceLoaderAsS3() {
        assertThat(ServiceLoader.load(StorageServiceFactory.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(factory -> {
                    assertThat(factory).isInstanceOf(S3ServiceFactory.class);
                    assertThat(factory.type()).isEqualTo("S3");
                });
    }

    @Test
    void aYamlConfigurationBuildsAWorkingService(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("affix.yml");
        Files.writeString(file, """
                default_service: amazon
                secret: a-test-secret-of-enough-length
                services:
                  amazon:
                    service: S3
                    bucket: ${S3_BUCKET}
                    endpoint: ${S3_ENDPOINT:}
                    access_key_id: ${AWS_ACCESS_KEY_ID:}
                    secret_access_key: ${AWS_SECRET_ACCESS_KEY:}
                    force_path_style: true
                    multipart_threshold: 5242880
                """);
        try (S3ProxyServer server = S3ProxyServer.start()) {
            AffixConfig config = AffixConfig.load(file, null, Map.of("S3_BUCKET", S3ProxyServer.BUCKET,
                    "S3_ENDPOINT", server.endpoint().toString(), "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                    "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY));
            StorageService service = StorageServices.create(config, new MessageSigner(config.secret(), Clock.systemUTC()))
                    .get("amazon");

            assertThat(service).isInstanceOf(S3Service.class);
            assertThat(((S3Service) service).settings().multipartThreshold()).isEqualTo(5 * 1024 * 1024);
            assertThat(service.check().ok()).as(service.check().detail()).isTrue();
            ((S3Service) service).close();
        }
    }

    @Test
    void defaultsApplyToWhatIsNotSet() {
        S3Settings settings = settings(MINIMAL);

        assertThat(settings.region()).isEqualTo("us-east-1");
        assertThat(settings.endpoint()).isNull();
        assertThat(settings.accessKeyId()).isNull();
        assertThat(settings.forcePathStyle()).isFalse();
        assertThat(settings.isPublic()).isFalse();
        assertThat(settings.acl()).isNull();
        assertThat(settings.multipartThreshold()).isEqualTo(100 * 1024 * 1024);
        assertThat(settings.partSize()).isEqualTo(16 * 1024 * 1024);
    }

    @Test
    void everyKeyIsRead() {
        S3Settings settings = settings(Map.ofEntries(Map.entry("bucket", "files"), Map.entry("region", "eu-west-3"),
                Map.entry("endpoint", "https://minio.example:9000"), Map.entry("access_key_id", "id"),
                Map.entry("secret_access_key", "secret"), Map.entry("force_path_style", "yes"), Map.entry("public", true),
                Map.entry("server_side_encryption", "aws:kms"), Map.entry("cache_control", "max-age=60"),
                Map.entry("acl", "bucket-owner-full-control"), Map.entry("multipart_threshold", 10485760),
                Map.entry("part_size", "8388608")));

        assertThat(settings.region()).isEqualTo("eu-west-3");
        assertThat(settings.endpoint()).hasToString("https://minio.example:9000");
        assertThat(settings.forcePathStyle()).isTrue();
        assertThat(settings.isPublic()).isTrue();
        assertThat(settings.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(settings.cacheControl()).isEqualTo("max-age=60");
        assertThat(settings.acl()).isEqualTo(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL);
        assertThat(settings.multipartThreshold()).isEqualTo(10485760);
        assertThat(settings.partSize()).isEqualTo(8388608);
        assertThat(settings.toString()).contains("accessKeyId=id").doesNotContain("secret,").doesNotContain("=secret");
    }

    @Test
    void publicServicesMakeObjectsPublicReadable() {
        assertThat(settings(Map.of("bucket", "files", "public", true)).acl()).isEqualTo(ObjectCannedACL.PUBLIC_READ);
    }

    @Test
    void unknownKeysAreRefusedNamingTheServiceAndTheKey() {
        assertProblem(Map.of("bucket", "files", "bukket", "typo"),
                "service 'amazon' (S3): unknown key 'bukket' (S3 takes: access_key_id, acl, bucket,");
    }

    @Test
    void aMissingBucketIsRefusedNamingTheService() {
        assertProblem(Map.of("region", "us-east-1"), "service 'amazon' (S3): missing required key 'bucket'");
    }

    @Test
    void valuesOutsideS3sLimitsAreRefused() {
        assertProblem(Map.of("bucket", "files", "part_size", 1024 * 1024), "part_size 1048576 must be between 5242880");
        assertProblem(Map.of("bucket", "files", "part_size", 2L << 30), "part_size 2147483648 must be between");
        assertProblem(Map.of("bucket", "files", "multipart_threshold", 6L << 30), "multipart_threshold 6442450944 must be between 1 and 5368709120");
        assertProblem(Map.of("bucket", "files", "part_size", "16MB"), "key 'part_size' must be a whole number, not '16MB'");
    }

    @Test
    void badValuesAreRefusedSayingWhatIsExpected() {
        assertProblem(Map.of("bucket", "files", "access_key_id", "id"), "access_key_id and secret_access_key must be given together");
        assertProblem(Map.of("bucket", "files", "acl", "world-writable"), "acl must be one of");
        assertProblem(Map.of("bucket", "files", "server_side_encryption", "rot13"), "server_side_encryption must be one of");
        assertProblem(Map.of("bucket", "files", "endpoint", "ftp://files.example"), "endpoint 'ftp://files.example' must be an http:// or https:// URL");
        assertProblem(Map.of("bucket", "files", "endpoint", "http://bad host"), "endpoint 'http://bad host' is not a URL");
        assertProblem(Map.of("bucket", "my/files"), "bucket 'my/files' must be a bare bucket name");
        assertProblem(Map.of("bucket", "files", "force_path_style", "maybe"), "key 'force_path_style' must be true or false");
    }

    private static S3Settings settings(Map<String, ?> values) {
        return S3ServiceFactory.settingsOf(ServiceSettings.of("amazon", "S3", values));
    }

    private static void assertProblem(Map<String, ?> values, String message) {
        assertThatThrownBy(() -> settings(values))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("service 'amazon' (S3): ")
                .hasMessageContaining(message);
    }
}

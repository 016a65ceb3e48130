package dev.affix.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.config.ConfigurationException;
import dev.affix.storage.StorageService;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UrlOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code service: AzureStorage} as configuration names it: the keys it takes and the mistakes it refuses. */
@ExtendWith(AzuriteExtension.class)
class AzureBlobServiceFactoryTest {

    private static final Map<String, Object> VALID = Map.of("storage_account_name", "account",
            "storage_access_key", Azurite.KEY, "container", "files");

    @Test
    void buildsTheServiceFoundThroughServiceLoader() {
        StorageService service = AzureTestServices.fromSettings(with("public", "true"));

        assertThat(service).isInstanceOf(AzureBlobService.class);
        assertThat(service.name()).isEqualTo("azure");
        assertThat(service.type()).isEqualTo("AzureStorage");
        assertThat(service.isPublic()).isTrue();
    }

    @Test
    void defaultEndpointIsTheAccountsBlobHost() {
        StorageService service = AzureTestServices.fromSettings(VALID);

        assertThat(service.url("a/b.txt", UrlOptions.expiringIn(Duration.ofMinutes(1))).toString())
                .startsWith("https://account.blob.core.windows.net/files/a%2Fb.txt?");
    }

    @Test
    void unknownKeysAreRefusedNamingTheService() {
        assertRefused(with("bucket", "files"), "service 'azure' (AzureStorage): unknown key 'bucket'",
                "container, endpoint, public, storage_access_key, storage_account_name");
    }

    @Test
    void missingKeysAreNamed() {
        for (String key : new String[] {"storage_account_name", "storage_access_key", "container"}) {
            Map<String, Object> settings = new HashMap<>(VALID);
            settings.remove(key);
            assertRefused(settings, "service 'azure' (AzureStorage): missing required key '" + key + "'");
        }
    }

    @Test
    void malformedValuesAreRefused() {
        assertRefused(with("storage_access_key", "not base64!"), "storage_access_key is not base64");
        assertRefused(with("container", "Files_1"), "container 'Files_1' is not a valid Azure container name");
        assertRefused(with("container", "a--b"), "container 'a--b' is not a valid Azure container name");
        assertRefused(with("endpoint", "ftp://example.com"), "endpoint 'ftp://example.com' must be an http or https URL");
        assertRefused(with("endpoint", "http://127.0.0.1:10000"), "must name the account as its path",
                "http://127.0.0.1:10000/account");
        assertRefused(with("public", "maybe"), "key 'public' must be true or false");
    }

    @Test
    void connectionStringIsExclusiveWithKeyAndEndpointAndMustMatchTheAccount() {
        String connectionString = "DefaultEndpointsProtocol=https;AccountName=account;AccountKey=" + Azurite.KEY;
        Map<String, Object> settings = new HashMap<>(VALID);
        settings.put("connection_string", connectionString);
        assertRefused(settings, "give either connection_string or storage_access_key, not both");

        settings.remove("storage_access_key");
        settings.put("storage_account_name", "other");
        assertRefused(settings, "connection_string is for account 'account' but storage_account_name is 'other'");

        settings.put("storage_account_name", "account");
        settings.put("connection_string", "DefaultEndpointsProtocol=https;AccountName=account");
        assertRefused(settings, "connection_string must hold AccountName and AccountKey");
    }

    @Test
    void connectionStringReachesAzurite(Azurite azurite) throws Exception {
        String container = azurite.newContainer().getBlobContainerName();
        StorageService service = AzureTestServices.fromSettings(Map.of("storage_account_name", Azurite.ACCOUNT,
                "container", container, "connection_string", "DefaultEndpointsProtocol=http;AccountName=" + Azurite.ACCOUNT
                        + ";AccountKey=" + Azurite.KEY + ";BlobEndpoint=" + azurite.endpoint() + ";"));
        byte[] data = "through a connection string".getBytes(StandardCharsets.UTF_8);

        service.upload("cs", new ByteArrayInputStream(data), UploadOptions.defaults());

        try (var in = service.download("cs")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(azurite.container(container).getBlobClient("cs").exists()).isTrue();
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> settings = new HashMap<>(VALID);
        settings.put(key, value);
        return settings;
    }

    private static void assertRefused(Map<String, Object> settings, String... messageParts) {
        assertThatThrownBy(() -> AzureTestServices.fromSettings(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContainingAll(messageParts);
    }
}

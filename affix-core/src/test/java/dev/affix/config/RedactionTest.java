package dev.affix.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.storage.spi.ServiceSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private static final String SIGNING = "the-signing-secret-0123456789";

    @Test
    void configurationNeverPrintsItsSecrets() {
        AffixConfig config = AffixConfig.builder()
                .secret(SIGNING)
                .database(new DatabaseSettings("jdbc:postgresql://app:db-url-pass@db/app?password=query-pass&ssl=true", "app",
                        "db-field-pass", null, null, true, 4))
                .disk("local", Path.of("/tmp/x"))
                .service("amazon", "S3", Map.of("bucket", "b", "access_key_id", "AKIAVISIBLE", "secret_access_key", "aws-secret"))
                .service("azure", "AzureStorage", Map.of("storage_account_name", "acct", "storage_access_key", "azure-key"))
                .build();

        String printed = config.toString();

        assertThat(printed).doesNotContain(SIGNING, "db-url-pass", "query-pass", "db-field-pass", "aws-secret", "azure-key");
        assertThat(printed).contains("AKIAVISIBLE", "bucket=b", "acct", "ssl=true", "****");
    }

    @Test
    void secretKeysAreRecognisedByName() {
        assertThat(Redaction.isSecretKey("secret_access_key")).isTrue();
        assertThat(Redaction.isSecretKey("storage_access_key")).isTrue();
        assertThat(Redaction.isSecretKey("password")).isTrue();
        assertThat(Redaction.isSecretKey("credentials")).isTrue();
        assertThat(Redaction.isSecretKey("access_key_id")).isFalse();
        assertThat(Redaction.isSecretKey("bucket")).isFalse();
        assertThat(ServiceSettings.of("s", "S3", Map.of("secret_access_key", "x-secret")).toString()).doesNotContain("x-secret");
    }
}

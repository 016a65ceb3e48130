package dev.affix.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.storage.ServiceCheck;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageService;
import dev.affix.storage.UploadOptions;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A misconfigured service says what is wrong, both from check() and from the operation that fails. */
@ExtendWith(AzuriteExtension.class)
class AzureServiceCheckTest {

    @Test
    void healthyServicePassesTheCheck(Azurite azurite) {
        StorageService service = AzureTestServices.fromSettings(azurite.settings(azurite.newContainer().getBlobContainerName()));

        ServiceCheck check = service.check();

        assertThat(check.ok()).as(check.detail()).isTrue();
        assertThat(check.serviceName()).isEqualTo("azure");
        assertThat(check.type()).isEqualTo("AzureStorage");
    }

    @Test
    void wrongKeyIsReportedAsARefusedKey(Azurite azurite) {
        Map<String, Object> settings = new HashMap<>(azurite.settings(azurite.newContainer().getBlobContainerName()));
        settings.put("storage_access_key", Base64.getEncoder().encodeToString(new byte[64]));
        StorageService service = AzureTestServices.fromSettings(settings);

        ServiceCheck check = service.check();

        assertThat(check.ok()).isFalse();
        // Azure answers a wrong key with 403 AuthenticationFailed; Azurite answers 403 AuthorizationFailure.
        assertThat(check.detail()).contains("account 'devstoreaccount1'", "(403 AuthorizationFailure)", "check the storage_access_key");
        assertThatThrownBy(() -> service.upload("k", new ByteArrayInputStream(new byte[10]), UploadOptions.defaults()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Azure service 'azure' could not store key 'k'")
                .hasMessageContaining("check the storage_access_key");
    }

    @Test
    void missingContainerIsReportedByName(Azurite azurite) {
        StorageService service = AzureTestServices.fromSettings(azurite.settings("no-such-container"));

        ServiceCheck check = service.check();

        assertThat(check.ok()).isFalse();
        assertThat(check.detail()).contains("container 'no-such-container' does not exist", "404 ContainerNotFound");
        assertThatThrownBy(() -> service.upload("k", new ByteArrayInputStream(new byte[10]), UploadOptions.defaults()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("container 'no-such-container' does not exist");
        assertThatThrownBy(() -> service.exists("k"))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("container 'no-such-container' does not exist");
    }

    @Test
    void unreachableEndpointIsReportedAsUnreachable() throws Exception {
        String endpoint = Azurite.unreachableEndpoint();
        StorageService service = AzureTestServices.fromSettings(Map.of("storage_account_name", Azurite.ACCOUNT,
                "storage_access_key", Azurite.KEY, "container", "files", "endpoint", endpoint));

        ServiceCheck check = service.check();

        assertThat(check.ok()).isFalse();
        assertThat(check.detail()).contains("endpoint " + endpoint, "is unreachable");
    }
}

package dev.affix.azure;

import dev.affix.config.AffixConfig;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.StorageService;
import dev.affix.storage.StorageServices;
import java.time.Clock;
import java.util.Map;

/** Builds services the way an application does: from configuration, through the factory that ServiceLoader finds. */
final class AzureTestServices {

    static final String NAME = "azure";
    private static final String SECRET = "azure-test-secret-0123456789";

    private AzureTestServices() {
    }

    static StorageService fromSettings(Map<String, ?> settings) {
        AffixConfig config = AffixConfig.builder().secret(SECRET).service(NAME, AzureBlobService.TYPE, settings).build();
        return StorageServices.create(config, new MessageSigner(SECRET, Clock.systemUTC())).get(NAME);
    }
}

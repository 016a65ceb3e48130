package dev.affix.azure;

import dev.affix.config.AffixConfig;
import dev.affix.http.TusClientContract;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** tus-js-client against Azure on Azurite: each chunk is staged as blocks, and the block list committed at the end. */
@ExtendWith(AzuriteExtension.class)
class AzureTusClientTest extends TusClientContract {

    private static Map<String, Object> settings;

    @BeforeAll
    static void createContainer(Azurite azurite) {
        settings = azurite.settings(azurite.newContainer().getBlobContainerName());
    }

    @Override
    protected AffixConfig.Builder storage(AffixConfig.Builder config) {
        return config.service("azure", AzureBlobService.TYPE, settings).defaultService("azure");
    }
}

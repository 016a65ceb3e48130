package dev.affix.gcs;

import dev.affix.config.AffixConfig;
import dev.affix.http.TusClientContract;
import dev.affix.storage.StorageKeys;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** tus-js-client against GCS on the in-memory fake: each chunk becomes part objects, composed into the key at the end. */
class GcsTusClientTest extends TusClientContract {

    private final String fake = "tus-" + StorageKeys.random();

    @Override
    protected AffixConfig.Builder storage(AffixConfig.Builder config) {
        FakeGcsServiceFactory.register(fake, new FakeGcs());
        return config.service("google", FakeGcsServiceFactory.class.getName(), Map.of("fake", fake)).defaultService("google");
    }

    @AfterEach
    void forgetFake() {
        FakeGcsServiceFactory.unregister(fake);
    }
}

package dev.affix.gcs;

import dev.affix.storage.StorageService;
import dev.affix.storage.spi.ServiceContext;
import dev.affix.storage.spi.ServiceSettings;
import dev.affix.storage.spi.StorageServiceFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a configuration name a GCS service on an in-memory {@link FakeGcs}, for tests that start Affix
 * from configuration: {@code service: dev.affix.gcs.FakeGcsServiceFactory} with {@code fake:} the
 * name the test registered its fake under.
 */
public final class FakeGcsServiceFactory implements StorageServiceFactory {

    private static final Map<String, FakeGcs> FAKES = new ConcurrentHashMap<>();

    /** Makes the fake reachable from configuration under {@code name}; the test removes it when done. */
    static void register(String name, FakeGcs gcs) {
        FAKES.put(name, gcs);
    }

    static void unregister(String name) {
        FAKES.remove(name);
    }

    @Override
    public String type() {
        return FakeGcsServiceFactory.class.getName();
    }

    @Override
    public StorageService create(ServiceSettings settings, ServiceContext context) {
        String fake = settings.requireString("fake");
        FakeGcs gcs = FAKES.get(fake);
        if (gcs == null) {
            throw settings.problem("no fake GCS is registered as '" + fake + "'");
        }
        return new GcsService(settings.name(), gcs.storage, FakeGcs.BUCKET, false, null);
    }
}

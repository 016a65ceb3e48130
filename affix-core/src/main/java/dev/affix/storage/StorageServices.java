package dev.affix.storage;

import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.spi.ServiceContext;
import dev.affix.storage.spi.ServiceSettings;
import dev.affix.storage.spi.StorageServiceFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The configured storage services, built once at start so that a bad configuration fails before any
 * request: an unknown type, a missing key or an unusable root is reported with the service's name.
 *
 * <p>A {@code service:} value is either the type of a {@link StorageServiceFactory} found on the class
 * path (Disk, Mirror, and S3, GCS or AzureStorage when their modules are present) or the name of an
 * application class that implements {@link StorageServiceFactory}, or {@link StorageService} with a
 * public constructor taking {@code (ServiceSettings, ServiceContext)}.
 */
public final class StorageServices implements AutoCloseable {

    private static final Map<String, String> OPTIONAL_MODULES =
            Map.of("S3", "affix-s3", "GCS", "affix-gcs", "AzureStorage", "affix-azure");

    private final Map<String, StorageService> services;
    private final String defaultService;

    private StorageServices(Map<String, StorageService> services, String defaultService) {
        this.services = Collections.unmodifiableMap(services);
        this.defaultService = defaultService;
    }

    /** Builds every configured service, with the factories that {@link ServiceLoader} finds. */
    public static StorageServices create(AffixConfig config, MessageSigner signer) {
        return create(config, signer, UnaryOperator.identity());
    }

    /**
     * Builds every configured service and wraps each in {@code decorator} (metrics, tracing), members
     * of a Mirror included.
     */
    public static StorageServices create(AffixConfig config, MessageSigner signer, UnaryOperator<StorageService> decorator) {
        Map<String, StorageServiceFactory> factories = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (StorageServiceFactory factory : ServiceLoader.load(StorageServiceFactory.class)) {
            factories.putIfAbsent(factory.type(), factory);
        }
        Builder builder = new Builder(config.services(), factories, signer, config.http(), decorator);
        for (String name : config.services().keySet()) {
            builder.service(name);
        }
        return new StorageServices(builder.built, config.defaultService());
    }

    /** The service with this name; fails naming the configured ones if there is none. */
    public StorageService get(String name) {
        StorageService service = services.get(name);
        if (service == null) {
            throw new ConfigurationException("no storage service is named '" + name + "' (configured: "
                    + String.join(", ", services.keySet()) + ")");
        }
        return service;
    }

    /** The service new blobs go to unless a declaration says otherwise. */
    public StorageService defaultService() {
        return services.get(defaultService);
    }

    public Collection<StorageService> all() {
        return services.values();
    }

    /**
     * The services whose blob rows may point at the objects of the service {@code name}: itself and
     * every service that shares storage with it ({@link StorageService#backingServices}), such as a
     * Mirror and each of its members. Two services configured separately on the same root or bucket
     * share storage too, but nothing tells Affix so: configure such storage once. A name no longer
     * configured shares with itself only.
     */
    public Set<String> sharingObjectsWith(String name) {
        StorageService service = services.get(name);
        Set<String> sharing = new TreeSet<>();
        sharing.add(name);
        if (service != null) {
            for (StorageService other : services.values()) {
                if (!Collections.disjoint(service.backingServices(), other.backingServices())) {
                    sharing.add(other.name());
                }
            }
        }
        return Collections.unmodifiableSet(sharing);
    }

    /** Closes every service, reporting the first failure after trying them all. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (StorageService service : services.values()) {
            try {
                service.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Builds services on demand so that a Mirror can name services declared after it; detects cycles. */
    private static final class Builder implements ServiceContext {
        private final Map<String, ServiceSettings> settings;
        private final Map<String, StorageServiceFactory> factories;
        private final MessageSigner signer;
        private final HttpSettings http;
        private final Map<String, StorageService> built = new LinkedHashMap<>();
        private final Set<String> inProgress = new LinkedHashSet<>();
        private final UnaryOperator<StorageService> decorator;

        Builder(Map<String, ServiceSettings> settings, Map<String, StorageServiceFactory> factories, MessageSigner signer,
                HttpSettings http, UnaryOperator<StorageService> decorator) {
            this.decorator = decorator;
            this.settings = settings;
            this.factories = factories;
            this.signer = signer;
            this.http = http;
        }

        @Override
        public MessageSigner signer() {
            return signer;
        }

        @Override
        public HttpSettings http() {
            return http;
        }

        @Override
        public StorageService service(String name) {
            StorageService existing = built.get(name);
            if (existing != null) {
                return existing;
            }
            ServiceSettings entry = settings.get(name);
            if (entry == null) {
                throw new ConfigurationException("no storage service is named '" + name + "' (configured: "
                        + String.join(", ", settings.keySet()) + ")");
            }
            if (!inProgress.add(name)) {
                List<String> cycle = new ArrayList<>(inProgress);
                cycle.add(name);
                throw new ConfigurationException("services refer to each other in a cycle: " + String.join(" -> ", cycle));
            }
            try {
                StorageService service = decorator.apply(create(entry));
                built.put(name, service);
                return service;
            } finally {
                inProgress.remove(name);
            }
        }

        private StorageService create(ServiceSettings entry) {
            StorageServiceFactory factory = factories.get(entry.type());
            if (factory != null) {
                return factory.create(entry, this);
            }
            if (entry.type().contains(".")) {
                return createCustom(entry);
            }
            String module = OPTIONAL_MODULES.get(entry.type());
            if (module != null) {
                throw entry.problem("the " + entry.type() + " service needs the " + module + " module on the class path");
            }
            throw entry.problem("unknown service type '" + entry.type() + "' (known: " + String.join(", ", factories.keySet())
                    + ", or the class name of a StorageService or StorageServiceFactory)");
        }

        private StorageService createCustom(ServiceSettings entry) {
            Class<?> type;
            try {
                type = Class.forName(entry.type(), true, Thread.currentThread().getContextClassLoader());
            } catch (ClassNotFoundException e) {
                throw entry.problem("class " + entry.type() + " is not on the class path", e);
            }
            try {
                if (StorageServiceFactory.class.isAssignableFrom(type)) {
                    StorageServiceFactory factory = (StorageServiceFactory) type.getConstructor().newInstance();
                    return factory.create(entry, this);
                }
                if (StorageService.class.isAssignableFrom(type)) {
                    Constructor<?> constructor = type.getConstructor(ServiceSettings.class, ServiceContext.class);
                    return (StorageService) constructor.newInstance(entry, this);
                }
            } catch (NoSuchMethodException e) {
                throw entry.problem("class " + entry.type() + " has no public constructor "
                        + (StorageServiceFactory.class.isAssignableFrom(type) ? "without arguments" : "(ServiceSettings, ServiceContext)"), e);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof ConfigurationException config) {
                    throw config;
                }
                throw entry.problem("class " + entry.type() + " failed to start: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw entry.problem("class " + entry.type() + " cannot be instantiated: " + e, e);
            }
            throw entry.problem("class " + entry.type() + " implements neither StorageService nor StorageServiceFactory");
        }
    }
}

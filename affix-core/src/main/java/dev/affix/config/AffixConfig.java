package dev.affix.config;

import dev.affix.storage.spi.ServiceSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything Affix needs to start: which services exist and which one new blobs go to, the database,
 * the signing secret, where the HTTP endpoints are, the attachment declarations, and how background
 * jobs run ({@code runner: in_process} by default, {@code inline}, or {@code db_scheduler}). Made by
 * {@link #load} from the YAML format, or by {@link #builder()} in code; both give the same value.
 *
 * @param rails the Rails application whose signed ids and tokens Affix reads and issues, or null for none
 */
public record AffixConfig(String defaultService, DatabaseSettings database, String secret, HttpSettings http,
        Map<String, ServiceSettings> services, Map<String, Map<String, Object>> attachments, Map<String, Object> jobs,
        Map<String, Object> analysis, String variantProcessor, RailsSettings rails) {

    /** The variant processors {@code variant_processor} may name besides a registered one's name. */
    public static final String AUTO_PROCESSOR = "auto";

    public AffixConfig {
        variantProcessor = variantProcessor == null || variantProcessor.isBlank() ? AUTO_PROCESSOR : variantProcessor;
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(http, "http");
        // insertion order is kept: it is the order of the file, which listings and error messages follow
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        attachments = Collections.unmodifiableMap(new LinkedHashMap<>(attachments));
        jobs = Map.copyOf(jobs);
        analysis = Collections.unmodifiableMap(new LinkedHashMap<>(analysis));
        if (secret == null || secret.isBlank()) {
            throw new ConfigurationException("secret is missing: set 'secret:' (for example secret: ${AFFIX_SECRET})");
        }
        if (secret.length() < 16) {
            throw new ConfigurationException("secret must be at least 16 characters long");
        }
        if (services.isEmpty()) {
            throw new ConfigurationException("no storage services are configured under 'services:'");
        }
        if (defaultService == null || defaultService.isBlank()) {
            throw new ConfigurationException("default_service is missing (configured services: "
                    + String.join(", ", services.keySet()) + ")");
        }
        if (!services.containsKey(defaultService)) {
            throw new ConfigurationException("default_service '" + defaultService + "' is not a configured service (configured: "
                    + String.join(", ", services.keySet()) + ")");
        }
    }

    /**
     * Reads a configuration file, applying the named environment's overrides (none if
     * {@code environment} is null) and resolving {@code ${VAR}} and {@code ${VAR:default}} from
     * {@code variables}.
     */
    public static AffixConfig load(Path file, String environment, Map<String, String> variables) {
        return new YamlConfigLoader(variables).load(file, environment);
    }

    /**
     * The same format already parsed, as frameworks hold it (Spring Boot's {@code affix:} tree):
     * maps, lists and scalars. {@code source} names the tree in error messages.
     */
    public static AffixConfig fromTree(String source, Map<String, Object> tree, String environment, Map<String, String> variables) {
        return new YamlConfigLoader(variables).fromTree(source, tree, environment);
    }

    /** Never prints the signing secret, nor the services' keys and passwords. */
    @Override
    public String toString() {
        return "AffixConfig[defaultService=" + defaultService + ", database=" + database + ", secret=" + Redaction.mask(secret)
                + ", http=" + http + ", services=" + services.values() + ", attachments=" + attachments + ", jobs="
                + Redaction.masked(jobs) + ", analysis=" + analysis + ", variantProcessor=" + variantProcessor + ", rails=" + rails + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Java equivalent of the YAML format. */
    public static final class Builder {
        private String defaultService;
        private DatabaseSettings database = DatabaseSettings.embedded();
        private String secret;
        private URI baseUrl = HttpSettings.DEFAULT.baseUrl();
        private String prefix = HttpSettings.DEFAULT.prefix();
        private final Map<String, ServiceSettings> services = new LinkedHashMap<>();
        private final Map<String, Map<String, Object>> attachments = new LinkedHashMap<>();
        private final Map<String, Object> jobs = new LinkedHashMap<>();
        private final Map<String, Object> analysis = new LinkedHashMap<>();
        private String variantProcessor;
        private RailsSettings rails;
        private final Map<String, Object> endpoints = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder defaultService(String name) {
            this.defaultService = name;
            return this;
        }

        public Builder database(String url, String username, String password) {
            this.database = DatabaseSettings.of(url, username, password);
            return this;
        }

        public Builder database(DatabaseSettings value) {
            this.database = value;
            return this;
        }

        /** {@code in_process} (the default), {@code inline} or {@code db_scheduler}. */
        public Builder jobRunner(String runner) {
            return jobSetting("runner", runner);
        }

        /** One key of the {@code analysis:} section, e.g. {@code analyze} or {@code waveform_points}. */
        public Builder analysisSetting(String key, Object value) {
            analysis.put(key, value);
            return this;
        }

        /** One key of the {@code jobs:} section, e.g. {@code threads} or {@code poll_interval}. */
        public Builder jobSetting(String key, Object value) {
            jobs.put(key, value);
            return this;
        }

        public Builder secret(String value) {
            this.secret = value;
            return this;
        }

        public Builder baseUrl(String value) {
            this.baseUrl = URI.create(value);
            return this;
        }

        public Builder prefix(String value) {
            this.prefix = value;
            return this;
        }

        /** One of the endpoints' options under {@code http:}, e.g. {@code max_range_bytes} (see {@link HttpSettings#ENDPOINT_KEYS}). */
        public Builder endpointSetting(String key, Object value) {
            if (!HttpSettings.ENDPOINT_KEYS.contains(key)) {
                throw new ConfigurationException("unknown key 'http." + key + "' (known: " + String.join(", ", HttpSettings.ENDPOINT_KEYS) + ")");
            }
            endpoints.put(key, value);
            return this;
        }

        /** Adds a service; the first one added becomes the default unless {@link #defaultService} says otherwise. */
        public Builder service(String name, String type, Map<String, ?> settings) {
            services.put(name, ServiceSettings.of(name, type, settings));
            if (defaultService == null) {
                defaultService = name;
            }
            return this;
        }

        public Builder disk(String name, Path root) {
            return service(name, "Disk", Map.of("root", root.toString()));
        }

        public Builder attachment(String typeAndName, Map<String, ?> declaration) {
            attachments.put(typeAndName, Map.copyOf(declaration));
            return this;
        }

        public AffixConfig build() {
            return new AffixConfig(defaultService, database, secret, new HttpSettings(baseUrl, prefix, endpoints), services, attachments,
                    jobs, analysis, variantProcessor, rails);
        }

        /**
         * {@code rails:}: the Rails application whose signed ids, Disk tokens and variation keys Affix
         * reads and issues, by its {@code secret_key_base} and the version of its format ({@code "6.1"} or {@code "7.1+"}).
         */
        public Builder rails(String secretKeyBase, String version) {
            this.rails = RailsSettings.of(secretKeyBase, version);
            return this;
        }

        /** {@code variant_processor}: {@code vips}, {@code java} or {@code auto} (the default: vips where it works, else java). */
        public Builder variantProcessor(String value) {
            this.variantProcessor = value;
            return this;
        }
    }
}

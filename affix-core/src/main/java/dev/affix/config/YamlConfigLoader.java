package dev.affix.config;

import dev.affix.storage.spi.ServiceSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads the YAML configuration format of the design notes into an {@link AffixConfig}. */
final class YamlConfigLoader {

    private static final Set<String> TOP_LEVEL_KEYS =
            Set.of("default_service", "environments", "database", "secret", "http", "services", "attachments", "jobs", "analysis",
                    "variant_processor", "rails");
    private static final Pattern VARIABLE = Pattern.compile("\\$(\\$)?\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");

    private final Map<String, String> variables;

    YamlConfigLoader(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    AffixConfig load(Path file, String environment) {
        return fromTree(file.toString(), parse(file), environment);
    }

    /** The same format already parsed into maps, lists and scalars; {@code source} names it in errors. */
    AffixConfig fromTree(String source, Map<String, Object> root, String environment) {
        Map<String, Object> effective = applyEnvironment(source, root, environment);
        @SuppressWarnings("unchecked")
        Map<String, Object> resolved = (Map<String, Object>) interpolate(source, "", effective);
        return toConfig(source, resolved);
    }

    private Map<String, Object> parse(Path file) {
        Object document;
        try (Reader reader = Files.newBufferedReader(file)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigurationException("config file " + file + " cannot be read: " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new ConfigurationException("config file " + file + " is not valid YAML: " + e.getMessage(), e);
        }
        if (!(document instanceof Map<?, ?>)) {
            throw new ConfigurationException("config file " + file + " must hold a YAML map at the top level");
        }
        return asMap(file.toString(), "", document);
    }

    private Map<String, Object> applyEnvironment(String file, Map<String, Object> root, String environment) {
        Map<String, Object> base = new LinkedHashMap<>(root);
        Object environments = base.remove("environments");
        if (environment == null || environment.isBlank()) {
            return base;
        }
        Map<String, Object> defined = environments == null ? Map.of() : asMap(file, "environments", environments);
        Object overrides = defined.get(environment);
        if (overrides == null) {
            throw new ConfigurationException(file + ": environment '" + environment + "' is not defined under 'environments:'"
                    + (defined.isEmpty() ? "" : " (defined: " + String.join(", ", defined.keySet()) + ")"));
        }
        return deepMerge(base, asMap(file, "environments." + environment, overrides));
    }

    private static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        overrides.forEach((key, value) -> {
            Object existing = merged.get(key);
            if (existing instanceof Map<?, ?> existingMap && value instanceof Map<?, ?> valueMap) {
                @SuppressWarnings("unchecked")
                Map<String, Object> left = (Map<String, Object>) existingMap;
                @SuppressWarnings("unchecked")
                Map<String, Object> right = (Map<String, Object>) valueMap;
                merged.put(key, deepMerge(left, right));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private Object interpolate(String file, String path, Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), interpolate(file, join(path, String.valueOf(k)), v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(interpolate(file, path + "[" + i + "]", list.get(i)));
            }
            return out;
        }
        if (value instanceof String text) {
            return substitute(file, path, text);
        }
        return value;
    }

    private String substitute(String file, String path, String text) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group(1) != null) {
                replacement = matcher.group().substring(1);
            } else {
                String name = matcher.group(2);
                String fallback = matcher.group(3);
                replacement = variables.get(name);
                if (replacement == null) {
                    if (fallback == null) {
                        throw new ConfigurationException(file + ": " + path + ": environment variable " + name
                                + " is not set (write ${" + name + ":default} to give a default)");
                    }
                    replacement = fallback;
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private AffixConfig toConfig(String file, Map<String, Object> root) {
        for (String key : root.keySet()) {
            if (!TOP_LEVEL_KEYS.contains(key)) {
                throw new ConfigurationException(file + ": unknown top-level key '" + key + "' (known: "
                        + String.join(", ", TOP_LEVEL_KEYS.stream().sorted().toList()) + ")");
            }
        }
        Map<String, ServiceSettings> services = new LinkedHashMap<>();
        Map<String, Object> servicesSection = root.containsKey("services") ? asMap(file, "services", root.get("services")) : Map.of();
        servicesSection.forEach((name, raw) -> {
            Map<String, Object> values = new LinkedHashMap<>(asMap(file, "services." + name, raw));
            Object type = values.remove("service");
            if (type == null || type.toString().isBlank()) {
                throw new ConfigurationException(file + ": service '" + name
                        + "' has no 'service:' key (Disk, S3, GCS, AzureStorage, Mirror or a class name)");
            }
            services.put(name, new ServiceSettings(name, type.toString(), values));
        });

        Map<String, Map<String, Object>> attachments = new LinkedHashMap<>();
        if (root.containsKey("attachments")) {
            asMap(file, "attachments", root.get("attachments"))
                    .forEach((name, raw) -> attachments.put(name, asMap(file, "attachments." + name, raw)));
        }

        DatabaseSettings database = DatabaseSettings.embedded();
        if (root.containsKey("database")) {
            Map<String, Object> db = asMap(file, "database", root.get("database"));
            requireKeys(file, "database", db, Set.of("url", "username", "password", "table_prefix", "record_id_type", "auto_migrate",
                    "pool_size", "history_table"));
            Object url = db.get("url");
            Object pool = db.getOrDefault("pool_size", 10);
            try {
                database = new DatabaseSettings(url == null ? DatabaseSettings.EMBEDDED_URL : url.toString(),
                        text(db.get("username")), text(db.get("password")), text(db.get("table_prefix")),
                        text(db.get("record_id_type")), !"false".equalsIgnoreCase(String.valueOf(db.getOrDefault("auto_migrate", true))),
                        Integer.parseInt(pool.toString()), text(db.get("history_table")));
            } catch (NumberFormatException e) {
                throw new ConfigurationException(file + ": database.pool_size '" + pool + "' is not a number");
            } catch (ConfigurationException e) {
                throw new ConfigurationException(file + ": " + e.getMessage(), e);
            }
        }

        Map<String, Object> jobs = Map.of();
        if (root.containsKey("jobs")) {
            jobs = asMap(file, "jobs", root.get("jobs"));
            requireKeys(file, "jobs", jobs, Set.of("runner", "threads", "max_attempts", "poll_interval", "table"));
        }

        // its keys are checked by the analysis pipeline, which knows what the analyzers of every module take
        Map<String, Object> analysis = root.containsKey("analysis") ? asMap(file, "analysis", root.get("analysis")) : Map.of();

        HttpSettings http = HttpSettings.DEFAULT;
        if (root.containsKey("http")) {
            Map<String, Object> section = new LinkedHashMap<>(asMap(file, "http", root.get("http")));
            Set<String> known = new HashSet<>(HttpSettings.ENDPOINT_KEYS);
            known.addAll(Set.of("base_url", "prefix"));
            requireKeys(file, "http", section, known);
            Object baseUrl = section.getOrDefault("base_url", HttpSettings.DEFAULT.baseUrl().toString());
            Object prefix = section.getOrDefault("prefix", HttpSettings.DEFAULT.prefix());
            section.keySet().removeAll(Set.of("base_url", "prefix"));
            try {
                http = new HttpSettings(URI.create(baseUrl.toString()), prefix.toString(), section);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(file + ": http.base_url '" + baseUrl + "' is not a URL", e);
            }
        }

        RailsSettings rails = null;
        if (root.containsKey("rails")) {
            Map<String, Object> section = asMap(file, "rails", root.get("rails"));
            requireKeys(file, "rails", section, Set.of("secret_key_base", "version"));
            try {
                rails = RailsSettings.of(text(section.get("secret_key_base")), text(section.get("version")));
            } catch (ConfigurationException e) {
                throw new ConfigurationException(file + ": " + e.getMessage(), e);
            }
        }

        try {
            return new AffixConfig(text(root.get("default_service")), database, text(root.get("secret")), http, services,
                    attachments, jobs, analysis, text(root.get("variant_processor")), rails);
        } catch (ConfigurationException e) {
            throw new ConfigurationException(file + ": " + e.getMessage(), e);
        }
    }

    private static void requireKeys(String file, String section, Map<String, Object> values, Set<String> allowed) {
        for (String key : values.keySet()) {
            if (!allowed.contains(key)) {
                throw new ConfigurationException(file + ": unknown key '" + section + "." + key + "' (known: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Map<String, Object> asMap(String file, String path, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new ConfigurationException(file + ": " + (path.isEmpty() ? "the document" : "'" + path + "'")
                    + " must be a map of keys to values");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}

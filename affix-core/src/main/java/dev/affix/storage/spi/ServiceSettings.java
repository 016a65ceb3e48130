package dev.affix.storage.spi;

import dev.affix.config.Redaction;
import dev.affix.config.ConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One entry of the configuration's {@code services:} section: its name, its {@code service:} type
 * and its other keys. The typed getters fail with a message that names the service and the key.
 */
public record ServiceSettings(String name, String type, Map<String, Object> values) {

    public ServiceSettings {
        values = Map.copyOf(values);
    }

    public static ServiceSettings of(String name, String type, Map<String, ?> values) {
        return new ServiceSettings(name, type, Map.copyOf(values));
    }

    public Optional<String> string(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map || value instanceof List) {
            throw problem("key '" + key + "' must be a single value, not " + (value instanceof Map ? "a map" : "a list"));
        }
        String text = value.toString();
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    public String requireString(String key) {
        return string(key).orElseThrow(() -> problem("missing required key '" + key + "'"));
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return switch (text.get().toLowerCase()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw problem("key '" + key + "' must be true or false, not '" + text.get() + "'");
        };
    }

    public Optional<Long> longValue(String key) {
        Optional<String> text = string(key);
        try {
            return text.map(Long::parseLong);
        } catch (NumberFormatException e) {
            throw problem("key '" + key + "' must be a whole number, not '" + text.get() + "'");
        }
    }

    public Path requirePath(String key) {
        return Path.of(requireString(key));
    }

    public List<String> stringList(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(value.toString());
    }

    /** Fails if the settings hold a key the service does not know, which is usually a typo. */
    public void requireOnlyKeys(Set<String> allowed) {
        for (String key : values.keySet()) {
            if (!allowed.contains(key)) {
                throw problem("unknown key '" + key + "' (" + type + " takes: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    /** A configuration error about this service, naming it and its type. */
    public ConfigurationException problem(String detail) {
        return new ConfigurationException("service '" + name + "' (" + type + "): " + detail);
    }

    public ConfigurationException problem(String detail, Throwable cause) {
        return new ConfigurationException("service '" + name + "' (" + type + "): " + detail, cause);
    }

    /** Never prints a secret key's value ({@code secret_access_key}, {@code storage_access_key}, passwords). */
    @Override
    public String toString() {
        return "ServiceSettings[name=" + name + ", type=" + type + ", values=" + Redaction.masked(values) + "]";
    }
}

package dev.affix.http;

import dev.affix.config.ByteSizes;
import dev.affix.config.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads the endpoints' option values as people write them in YAML: durations and sizes with units, lists. */
final class ConfigValues {

    private ConfigValues() {
    }

    static Optional<Duration> duration(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        return value == null ? Optional.empty() : Optional.of(Durations.parse(key, value));
    }

    static Optional<Long> bytes(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        return value == null ? Optional.empty() : Optional.of(ByteSizes.parse(key, value));
    }

    /** A whole number, 1 or more. */
    static Optional<Long> count(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            long count = Long.parseLong(value.toString().trim());
            if (count >= 1) {
                return Optional.of(count);
            }
        } catch (NumberFormatException e) {
            // reported below, with the key
        }
        throw new IllegalArgumentException(key + " '" + value + "' is not a whole number of 1 or more");
    }

    /** A nested section, empty when absent; a key not in {@code known} is refused, naming it. */
    static Map<String, Object> map(Map<String, Object> settings, String key, Set<String> known) {
        Object value = settings.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(key + " must be a map (" + String.join(", ", new TreeSet<>(known)) + ")");
        }
        Map<String, Object> section = new LinkedHashMap<>();
        map.forEach((k, v) -> section.put(String.valueOf(k), v));
        for (String name : section.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown key '" + key + "." + name + "' ("
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        return section;
    }

    static Optional<List<String>> list(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof List<?> list) {
            return Optional.of(list.stream().map(String::valueOf).toList());
        }
        return Optional.of(List.of(value.toString().split("\\s*,\\s*")));
    }
}

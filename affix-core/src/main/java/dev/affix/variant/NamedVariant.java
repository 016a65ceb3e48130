package dev.affix.variant;

import dev.affix.config.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A variant declared on an attachment, e.g. {@code thumb: { resize_to_fill: [100, 100], format: webp }},
 * and when it is made: {@code process: lazily} (on first request, the default), {@code later} (a job
 * after each attach) or {@code immediately} (before the attach returns).
 */
public record NamedVariant(String name, Transformations transformations, Process process) {

    /** When a named variant is made. */
    public enum Process { LAZILY, LATER, IMMEDIATELY }

    public NamedVariant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(transformations, "transformations");
        process = process == null ? Process.LAZILY : process;
    }

    /** Reads one entry of a declaration's {@code variants:}; {@code where} names the declaration in errors. */
    public static NamedVariant fromConfig(String where, String name, Object settings) {
        if (!(settings instanceof Map<?, ?> map)) {
            throw new ConfigurationException(where + ": variant '" + name + "' must be a map of transformations, not " + settings);
        }
        Map<String, Object> transformations = new LinkedHashMap<>();
        map.forEach((k, v) -> transformations.put(String.valueOf(k), v));
        Object process = transformations.remove("process");
        Process when;
        try {
            when = process == null ? Process.LAZILY : Process.valueOf(String.valueOf(process).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ": variant '" + name + "': process '" + process
                    + "' is not one of lazily, later, immediately");
        }
        try {
            return new NamedVariant(name, Transformations.parse(transformations), when);
        } catch (InvalidTransformationException e) {
            throw new ConfigurationException(where + ": variant '" + name + "': " + e.getMessage());
        }
    }
}

package dev.affix.job;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A unit of background work: a type that names its handler, and string arguments, so that a durable
 * runner can store it as plain data and run it in another JVM after a restart.
 */
public record Job(String type, Map<String, String> arguments, Duration delay) {

    public Job {
        Objects.requireNonNull(type, "type");
        arguments = Map.copyOf(arguments);
        delay = delay == null ? Duration.ZERO : delay;
    }

    public static Job of(String type, Map<String, String> arguments) {
        return new Job(type, arguments, Duration.ZERO);
    }

    public Job delayedBy(Duration value) {
        return new Job(type, arguments, value);
    }
}

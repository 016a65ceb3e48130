package dev.affix.resumable;

import dev.affix.config.ByteSizes;
import dev.affix.config.ConfigurationException;
import dev.affix.config.Durations;
import dev.affix.config.HttpSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How resumable uploads behave, from {@code http.resumable_uploads} in the configuration:
 * <pre>{@code
 * http:
 *   resumable_uploads:
 *     expires_in: 24h        # an upload untouched this long is abandoned: its pieces are deleted
 *     max_byte_size: 100GiB  # the largest upload that may be declared
 * }</pre>
 *
 * @param expiresIn   how long an upload may rest between requests before it is abandoned, and how long
 *                    a finished one is remembered (its URL answers with the blob)
 * @param maxByteSize the largest {@code Upload-Length} accepted
 */
public record ResumableUploadSettings(Duration expiresIn, long maxByteSize) {

    public static final ResumableUploadSettings DEFAULTS = new ResumableUploadSettings(Duration.ofHours(24), 100L << 30);
    private static final Set<String> KEYS = Set.of("expires_in", "max_byte_size");

    public ResumableUploadSettings {
        Objects.requireNonNull(expiresIn, "expiresIn");
        if (expiresIn.toSeconds() < 1) {
            throw new IllegalArgumentException("expires_in must be at least one second, not " + expiresIn);
        }
        if (maxByteSize < 1) {
            throw new IllegalArgumentException("max_byte_size must be at least one byte, not " + maxByteSize);
        }
    }

    /** The section {@code http.resumable_uploads}, or the defaults where it says nothing. */
    public static ResumableUploadSettings from(HttpSettings http) {
        Object section = http.endpoints().get("resumable_uploads");
        if (section == null) {
            return DEFAULTS;
        }
        if (!(section instanceof Map<?, ?> map)) {
            throw new ConfigurationException("http.resumable_uploads must be a map (" + String.join(", ", new TreeSet<>(KEYS)) + ")");
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new ConfigurationException("unknown key 'http.resumable_uploads." + key + "' (" + String.join(", ", new TreeSet<>(KEYS))
                        + ")");
            }
        }
        try {
            Object expires = map.get("expires_in");
            Object max = map.get("max_byte_size");
            return new ResumableUploadSettings(expires == null ? DEFAULTS.expiresIn : Durations.parse("expires_in", expires),
                    max == null ? DEFAULTS.maxByteSize : ByteSizes.parse("max_byte_size", max));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("http.resumable_uploads: " + e.getMessage(), e);
        }
    }
}

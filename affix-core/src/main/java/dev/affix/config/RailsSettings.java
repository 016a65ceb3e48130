package dev.affix.config;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Rails application whose signed ids, Disk tokens and variation keys Affix reads and issues
 * ({@code rails:} in the configuration): its {@code secret_key_base}, and the version whose message
 * format it writes.
 */
public record RailsSettings(String secretKeyBase, Version version) {

    /** The message formats of Rails versions, as their framework defaults make them. */
    public enum Version {
        /**
         * Rails 6.1 (and 5.2 to 7.0 on defaults older than 7.0's): the key derived with PBKDF2-HMAC-SHA1,
         * the value serialised with Marshal inside a JSON envelope of metadata.
         */
        RAILS_6_1("6.1"),
        /**
         * Rails 7.1 and later with their defaults ({@code load_defaults 7.1}): the key derived with
         * PBKDF2-HMAC-SHA256, value and metadata serialised together as JSON.
         */
        RAILS_7_1("7.1+");

        private final String configName;

        Version(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static Optional<Version> fromConfigName(String value) {
            return Arrays.stream(values()).filter(v -> v.configName.equals(value)).findFirst();
        }

        static String known() {
            return Arrays.stream(values()).map(v -> "\"" + v.configName + "\"").collect(Collectors.joining(", "));
        }
    }

    public RailsSettings {
        Objects.requireNonNull(version, "version");
        if (secretKeyBase == null || secretKeyBase.isBlank()) {
            throw new ConfigurationException("rails.secret_key_base is missing: set it to the Rails application's "
                    + "(bin/rails secret made it; for example secret_key_base: ${RAILS_SECRET_KEY_BASE})");
        }
        if (secretKeyBase.length() < 30) {
            throw new ConfigurationException("rails.secret_key_base is too short to be a Rails application's (Rails "
                    + "makes 128 hexadecimal characters)");
        }
    }

    /** The settings of {@code version:} as written; a version that is not one of the formats is a configuration error. */
    public static RailsSettings of(String secretKeyBase, String version) {
        if (version == null) {
            throw new ConfigurationException("rails.version is missing (one of: " + Version.known() + ")");
        }
        return new RailsSettings(secretKeyBase, Version.fromConfigName(version).orElseThrow(() -> new ConfigurationException(
                "rails.version '" + version + "' is not one of: " + Version.known())));
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "RailsSettings[secretKeyBase=" + Redaction.mask(secretKeyBase) + ", version=" + version.configName + "]";
    }
}

package dev.affix.config;

import dev.affix.AffixException;

/** The configuration cannot be used; the message names the file, service or key at fault. */
public class ConfigurationException extends AffixException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}

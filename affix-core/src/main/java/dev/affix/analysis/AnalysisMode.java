package dev.affix.analysis;

import dev.affix.config.ConfigurationException;
import java.util.Locale;

/** When the analyzers read a newly attached blob: {@code analyze: later | immediately | off}. */
public enum AnalysisMode {
    /** In a job, once the attach has committed (the default). */
    LATER,
    /** Before the attach returns, so that what follows (validations, the caller) sees the facts. */
    IMMEDIATELY,
    /** Not at all; {@code affix analyze} can still do it. */
    OFF;

    /**
     * Reads a configured value. YAML reads a bare {@code off} as the boolean false, which is taken
     * for {@code off} too.
     *
     * @param where the key, for the error message
     */
    public static AnalysisMode parse(String where, Object value) {
        if (value instanceof Boolean bool && !bool || "false".equals(String.valueOf(value))) {
            return OFF;
        }
        try {
            return valueOf(String.valueOf(value).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + " '" + value + "' is not one of later, immediately, off");
        }
    }
}

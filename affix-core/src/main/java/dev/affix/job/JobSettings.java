package dev.affix.job;

import dev.affix.config.ConfigurationException;
import java.util.Map;

/**
 * The settings every runner that runs jobs on its own threads shares, read from the configuration's
 * {@code jobs:} section: how many worker threads, and how many attempts a failing job gets.
 */
public record JobSettings(int threads, int maxAttempts) {

    /** Two threads, ten attempts. */
    public static final JobSettings DEFAULTS = new JobSettings(2, 10);

    public JobSettings {
        if (threads < 1) {
            throw new ConfigurationException("jobs.threads must be positive, not " + threads);
        }
        if (maxAttempts < 1) {
            throw new ConfigurationException("jobs.max_attempts must be positive, not " + maxAttempts);
        }
    }

    /** {@code threads} and {@code max_attempts} from the {@code jobs:} section, else the defaults given. */
    public static JobSettings fromConfig(Map<String, ?> jobs, JobSettings defaults) {
        return new JobSettings(wholeNumber(jobs, "threads", defaults.threads), wholeNumber(jobs, "max_attempts", defaults.maxAttempts));
    }

    private static int wholeNumber(Map<String, ?> jobs, String key, int fallback) {
        Object value = jobs.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            // YAML gives numbers, ${ENV} substitution gives strings
            return value instanceof Integer number ? number : Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("jobs." + key + " must be a whole number, not '" + value + "'");
        }
    }
}

package dev.affix.jobs.dbscheduler;

import dev.affix.config.ConfigurationException;
import dev.affix.job.JobSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How the durable runner runs: worker threads per JVM, attempts before a failing job is dropped, how
 * often each JVM polls the table, the table's name, and the first retry delay (doubled on each
 * further failure).
 */
public record DbSchedulerSettings(int threads, int maxAttempts, Duration pollInterval, String table, Duration firstBackoff) {

    private static final Set<String> KEYS = Set.of("runner", "threads", "max_attempts", "poll_interval", "table");
    // the name goes into SQL unquoted and into index names, which PostgreSQL cuts at 63 characters
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,39}");

    /** Two threads, ten attempts, a poll every second, table {@code affix_scheduled_tasks}, retries from one second. */
    public static final DbSchedulerSettings DEFAULTS =
            new DbSchedulerSettings(2, 10, Duration.ofSeconds(1), "affix_scheduled_tasks", Duration.ofSeconds(1));

    public DbSchedulerSettings {
        if (threads < 1) {
            throw new ConfigurationException("jobs.threads must be positive, not " + threads);
        }
        if (maxAttempts < 1) {
            throw new ConfigurationException("jobs.max_attempts must be positive, not " + maxAttempts);
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new ConfigurationException("jobs.poll_interval must be positive, not " + pollInterval);
        }
        if (table == null || !TABLE_NAME.matcher(table).matches()) {
            throw new ConfigurationException("jobs.table '" + table
                    + "' must be a letter or underscore followed by letters, digits or underscores (40 at most)");
        }
        if (firstBackoff == null || firstBackoff.isNegative() || firstBackoff.isZero()) {
            throw new ConfigurationException("the first retry delay must be positive, not " + firstBackoff);
        }
    }

    /**
     * Reads the configuration's {@code jobs:} section: {@code threads}, {@code max_attempts},
     * {@code poll_interval} (seconds, fractions allowed) and {@code table}; {@code runner} is the key
     * that chose this runner. Any other key is refused, so that a typo does not pass unnoticed.
     */
    public static DbSchedulerSettings fromConfig(Map<String, ?> jobs) {
        for (String key : jobs.keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigurationException("unknown key 'jobs." + key + "' for the db_scheduler runner (known: "
                        + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
        }
        JobSettings shared = JobSettings.fromConfig(jobs, new JobSettings(DEFAULTS.threads, DEFAULTS.maxAttempts));
        return new DbSchedulerSettings(
                shared.threads(),
                shared.maxAttempts(),
                seconds(jobs, "poll_interval", DEFAULTS.pollInterval),
                jobs.containsKey("table") ? String.valueOf(jobs.get("table")) : DEFAULTS.table,
                DEFAULTS.firstBackoff);
    }

    public DbSchedulerSettings withThreads(int value) {
        return new DbSchedulerSettings(value, maxAttempts, pollInterval, table, firstBackoff);
    }

    public DbSchedulerSettings withMaxAttempts(int value) {
        return new DbSchedulerSettings(threads, value, pollInterval, table, firstBackoff);
    }

    public DbSchedulerSettings withPollInterval(Duration value) {
        return new DbSchedulerSettings(threads, maxAttempts, value, table, firstBackoff);
    }

    public DbSchedulerSettings withTable(String value) {
        return new DbSchedulerSettings(threads, maxAttempts, pollInterval, value, firstBackoff);
    }

    public DbSchedulerSettings withFirstBackoff(Duration value) {
        return new DbSchedulerSettings(threads, maxAttempts, pollInterval, table, value);
    }

    private static Duration seconds(Map<String, ?> jobs, String key, Duration fallback) {
        Object value = jobs.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            double seconds = value instanceof Number number ? number.doubleValue() : Double.parseDouble(value.toString().trim());
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new ConfigurationException("jobs." + key + " must be a positive number of seconds, not '" + value + "'");
            }
            return Duration.ofNanos(Math.round(seconds * 1_000_000_000d));
        } catch (NumberFormatException e) {
            throw new ConfigurationException("jobs." + key + " must be a number of seconds, not '" + value + "'");
        }
    }
}

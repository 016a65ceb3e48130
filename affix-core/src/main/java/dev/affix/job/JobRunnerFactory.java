package dev.affix.job;

import java.util.Map;
import javax.sql.DataSource;

/**
 * Makes a job runner named in the configuration ({@code jobs: { runner: NAME }}). Found with
 * {@link java.util.ServiceLoader}, so a module such as affix-jobs-db-scheduler adds one by being on
 * the class path.
 */
public interface JobRunnerFactory {

    String name();

    /** @param settings the configuration's {@code jobs:} section */
    JobRunner create(DataSource dataSource, Map<String, Object> settings);
}

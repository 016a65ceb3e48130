package dev.affix.jobs.dbscheduler;

import dev.affix.job.JobRunner;
import dev.affix.job.JobRunnerFactory;
import java.util.Map;
import javax.sql.DataSource;

/** Makes the runner of {@code jobs: { runner: db_scheduler }}, from the rest of the {@code jobs:} section. */
public final class DbSchedulerJobRunnerFactory implements JobRunnerFactory {

    @Override
    public String name() {
        return "db_scheduler";
    }

    @Override
    public JobRunner create(DataSource dataSource, Map<String, Object> settings) {
        return new DbSchedulerJobRunner(dataSource, DbSchedulerSettings.fromConfig(settings));
    }
}

package dev.affix.jobs.dbscheduler;

import dev.affix.testing.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.Job;
import dev.affix.job.JobRunner;
import dev.affix.job.JobRunnerFactory;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the runner is found and configured from the {@code jobs:} section; on H2 only, as no case depends on the database. */
class DbSchedulerJobRunnerFactoryTest {

    @TempDir
    Path dir;

    private HikariDataSource pool;

    @BeforeEach
    void open() {
        pool = TestDatabase.H2.open("factory-" + System.nanoTime());
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void isFoundByItsNameAndReadsTheJobsSection() {
        JobRunnerFactory factory = StreamSupport.stream(ServiceLoader.load(JobRunnerFactory.class).spliterator(), false)
                .filter(candidate -> candidate.name().equals("db_scheduler"))
                .findFirst()
                .orElseThrow();

        JobRunner runner = factory.create(pool,
                Map.of("runner", "db_scheduler", "threads", 3, "max_attempts", "4", "poll_interval", 0.25, "table", "my_jobs"));

        assertThat(runner).isInstanceOfSatisfying(DbSchedulerJobRunner.class, created -> assertThat(created.settings())
                .isEqualTo(new DbSchedulerSettings(3, 4, Duration.ofMillis(250), "my_jobs", Duration.ofSeconds(1))));
    }

    @Test
    void defaultsApplyToMissingKeys() {
        assertThat(DbSchedulerSettings.fromConfig(Map.of("runner", "db_scheduler"))).isEqualTo(DbSchedulerSettings.DEFAULTS);
        assertThat(DbSchedulerSettings.DEFAULTS).isEqualTo(
                new DbSchedulerSettings(2, 10, Duration.ofSeconds(1), "affix_scheduled_tasks", Duration.ofSeconds(1)));
    }

    @Test
    void refusesUnknownKeysAndBadValuesNamingTheKey() {
        assertThatThrownBy(() -> DbSchedulerSettings.fromConfig(Map.of("thread", 2)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'jobs.thread'");
        assertThatThrownBy(() -> DbSchedulerSettings.fromConfig(Map.of("threads", "two")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("jobs.threads").hasMessageContaining("two");
        assertThatThrownBy(() -> DbSchedulerSettings.fromConfig(Map.of("max_attempts", 0)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("jobs.max_attempts");
        assertThatThrownBy(() -> DbSchedulerSettings.fromConfig(Map.of("poll_interval", 0)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("jobs.poll_interval");
        assertThatThrownBy(() -> DbSchedulerSettings.fromConfig(Map.of("poll_interval", "soon")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("jobs.poll_interval");
        assertThatThrownBy(() -> DbSchedulerSettings.fromConfig(Map.of("table", "jobs; DROP TABLE users")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("jobs.table");
    }

    private int countRows(String table) {
        try {
            return TestDatabase.countRows(pool, table);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void enqueueNeedsAStartedOpenRunner() {
        DbSchedulerJobRunner runner = new DbSchedulerJobRunner(pool, DbSchedulerSettings.DEFAULTS.withTable("unstarted_jobs"));
        Job job = Job.of("purge", Map.of());

        assertThatThrownBy(() -> runner.enqueue(job)).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
        runner.start(Map.of());
        runner.close();
        assertThatThrownBy(() -> runner.enqueue(job)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void affixStartsItFromTheConfigurationAndCreatesItsTable() throws Exception {
        AffixConfig config = AffixConfig.builder()
                .secret("db-scheduler-factory-test")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix("f_"))
                .disk("local", dir.resolve("storage"))
                .jobRunner("db_scheduler")
                .build();

        try (Affix affix = Affix.builder(config).dataSource(pool).build()) {
            assertThat(affix.jobs()).isInstanceOf(DbSchedulerJobRunner.class);
            // the one job queued at start (deleting what a stopped process left) runs and its row goes
            Eventually.await(Duration.ofSeconds(15), "the start's job to finish",
                    () -> countRows(DbSchedulerSettings.DEFAULTS.table()) == 0);
        }
    }
}

package dev.affix.jobs.dbscheduler;

import dev.affix.testing.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.job.Job;
import dev.affix.job.JobHandler;
import dev.affix.job.RetryLaterException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The runner on H2, PostgreSQL and MariaDB: every case runs on each, on a table of its own. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class DbSchedulerJobRunnerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Duration BACKOFF = Duration.ofMillis(100);

    @Parameter
    TestDatabase database;

    private String table;
    private HikariDataSource pool;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<DbSchedulerJobRunner> runners = new ArrayList<>();

    @BeforeEach
    void open() {
        table = "t" + Long.toString(System.nanoTime(), 36) + "_jobs";
        pool = pool();
    }

    @AfterEach
    void closeAll() throws SQLException {
        runners.forEach(DbSchedulerJobRunner::close);
        TestDatabase.dropTables(pool, table);
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void runsAJobWithItsArgumentsAndDeletesItsRow() throws Exception {
        BlockingQueue<Map<String, String>> received = new LinkedBlockingQueue<>();
        DbSchedulerJobRunner runner = start(pool, settings(), Map.of("greet", received::add));

        runner.enqueue(Job.of("greet", Map.of("name", "Ada", "times", "2")));

        assertThat(received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Map.of("name", "Ada", "times", "2"));
        Eventually.await(TIMEOUT, "the finished job's row is deleted", () -> rows() == 0);
    }

    @Test
    void aDelayedJobDoesNotRunBeforeItsDelay() throws Exception {
        Duration delay = Duration.ofMillis(1500);
        Map<String, Instant> ranAt = new ConcurrentHashMap<>();
        DbSchedulerJobRunner runner = start(pool, settings(), Map.of("stamp", arguments -> ranAt.put(arguments.get("id"), Instant.now())));

        Instant before = Instant.now();
        runner.enqueue(Job.of("stamp", Map.of("id", "later")).delayedBy(delay));
        runner.enqueue(Job.of("stamp", Map.of("id", "now")));

        Eventually.await(TIMEOUT, "the delayed job runs", () -> ranAt.containsKey("later"));
        assertThat(ranAt.get("now")).isBefore(ranAt.get("later"));
        // the database keeps microseconds: allow for rounding
        assertThat(ranAt.get("later")).isAfterOrEqualTo(before.plus(delay).minusMillis(1));
    }

    @Test
    void retriesAFailingJobWithGrowingDelaysUntilItSucceeds() throws Exception {
        List<Instant> attempts = new CopyOnWriteArrayList<>();
        JobHandler flaky = arguments -> {
            attempts.add(Instant.now());
            switch (attempts.size()) {
                case 1 -> throw new RetryLaterException("the transaction has not committed yet");
                case 2 -> throw new IOException("the storage service is down");
                default -> {
                    // the third attempt succeeds
                }
            }
        };
        DbSchedulerJobRunner runner = start(pool, settings(), Map.of("flaky", flaky));

        try (CapturedLog log = new CapturedLog()) {
            runner.enqueue(Job.of("flaky", Map.of("blob_id", "5")));

            Eventually.await(TIMEOUT, "three attempts and the row deleted", () -> attempts.size() == 3 && rows() == 0);
            assertThat(log.text())
                    .as("a RetryLaterException is retried quietly, another failure is logged")
                    .doesNotContain("failed (attempt 1)")
                    .contains("job flaky {blob_id=5}")
                    .contains("failed (attempt 2), retrying in PT0.2S: java.io.IOException: the storage service is down")
                    .doesNotContain("ERROR");
        }
        assertThat(Duration.between(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(BACKOFF);
        assertThat(Duration.between(attempts.get(1), attempts.get(2))).isGreaterThanOrEqualTo(BACKOFF.multipliedBy(2));
        Thread.sleep(BACKOFF.multipliedBy(4).toMillis());
        assertThat(attempts).hasSize(3);
    }

    @Test
    void aJobThatAlwaysFailsIsDroppedAfterMaxAttemptsWithAnError() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        DbSchedulerJobRunner runner = start(pool, settings().withMaxAttempts(3), Map.of("doomed", arguments -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("always broken");
        }));

        try (CapturedLog log = new CapturedLog()) {
            runner.enqueue(Job.of("doomed", Map.of("blob_id", "7")));

            Eventually.await(TIMEOUT, "the job's row is deleted after its last attempt", () -> attempts.get() == 3 && rows() == 0);
            // a fourth attempt would have come after 4 x the first backoff
            Thread.sleep(BACKOFF.multipliedBy(8).toMillis());
            assertThat(attempts).hasValue(3);
            assertThat(log.text()).containsPattern("ERROR .*job doomed \\{blob_id=7\\} \\(.+\\) failed 3 times; giving up");
        }
    }

    @Test
    void aQueuedJobSurvivesItsRunnerAndRunsOnTheNextOne() throws Exception {
        List<String> ranBy = new CopyOnWriteArrayList<>();
        DbSchedulerJobRunner first = start(pool, settings(), Map.of("mirror", arguments -> ranBy.add("first")));
        first.enqueue(Job.of("mirror", Map.of("blob_id", "42")).delayedBy(Duration.ofSeconds(1)));
        first.close();
        assertThat(rows()).isEqualTo(1);

        start(pool(), settings(), Map.of("mirror", arguments -> ranBy.add("second:" + arguments.get("blob_id"))));

        Eventually.await(TIMEOUT, "the second runner runs the job", () -> !ranBy.isEmpty() && rows() == 0);
        assertThat(ranBy).containsExactly("second:42");
    }

    @Test
    void twoRunnersOnOneTableShareTheJobsAndRunEachOnce() throws Exception {
        int jobs = 40;
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> byRunner = new ConcurrentHashMap<>();
        DbSchedulerJobRunner one = start(pool, settings(), Map.of("work", counting("one", runs, byRunner)));
        DbSchedulerJobRunner two = start(pool(), settings(), Map.of("work", counting("two", runs, byRunner)));

        for (int i = 0; i < jobs; i++) {
            // due a little later, so that both runners find them at their next poll
            (i % 2 == 0 ? one : two).enqueue(Job.of("work", Map.of("id", "job-" + i)).delayedBy(Duration.ofMillis(300)));
        }

        Eventually.await(TIMEOUT, "all jobs run", () -> runs.size() == jobs && rows() == 0);
        Thread.sleep(300);
        assertThat(runs.values()).allSatisfy(count -> assertThat(count).hasValue(1));
        assertThat(runs).hasSize(jobs);
        assertThat(byRunner.get("one")).as("jobs run by the first runner").isNotNull().hasPositiveValue();
        assertThat(byRunner.get("two")).as("jobs run by the second runner").isNotNull().hasPositiveValue();
    }

    @Test
    void jobsWithoutAHandlerOrUnreadableDataAreDroppedAndTheQueueGoesOn() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        DbSchedulerJobRunner runner = start(pool, settings(), Map.of("greet", arguments -> received.add(arguments.get("name"))));

        try (CapturedLog log = new CapturedLog()) {
            insertUnreadableRow();
            runner.enqueue(Job.of("written_by_a_newer_version", Map.of("x", "1")));
            runner.enqueue(Job.of("greet", Map.of("name", "Grace")));

            assertThat(received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("Grace");
            Eventually.await(TIMEOUT, "the unknown and unreadable jobs are deleted", () -> rows() == 0);
            assertThat(log.text())
                    .containsPattern("ERROR .*no handler for job type 'written_by_a_newer_version'; dropping job")
                    .containsPattern("ERROR .*job broken cannot be read; dropping it");
        }
    }

    @Test
    void closeReturnsWithinSecondsWhileAJobRunsAndKeepsItsRow() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        DbSchedulerJobRunner runner = start(pool, settings(), Map.of("slow", arguments -> {
            started.countDown();
            Thread.sleep(60_000);
        }));
        runner.enqueue(Job.of("slow", Map.of()));
        assertThat(started.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        long before = System.nanoTime();
        runner.close();

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(6));
        assertThat(rows()).as("the interrupted job is still queued").isEqualTo(1);
    }

    private DbSchedulerSettings settings() {
        return DbSchedulerSettings.DEFAULTS.withTable(table).withPollInterval(Duration.ofMillis(100)).withFirstBackoff(BACKOFF);
    }

    /** Another pool on the same database, as another JVM would have. */
    private HikariDataSource pool() {
        HikariDataSource opened = database.open(table);
        pools.add(opened);
        return opened;
    }

    private DbSchedulerJobRunner start(HikariDataSource dataSource, DbSchedulerSettings settings, Map<String, JobHandler> handlers) {
        DbSchedulerJobRunner runner = new DbSchedulerJobRunner(dataSource, settings);
        runners.add(runner);
        runner.start(handlers);
        return runner;
    }

    private static JobHandler counting(String runner, Map<String, AtomicInteger> runs, Map<String, AtomicInteger> byRunner) {
        return arguments -> {
            runs.computeIfAbsent(arguments.get("id"), id -> new AtomicInteger()).incrementAndGet();
            byRunner.computeIfAbsent(runner, name -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(25);
        };
    }

    private int rows() {
        try {
            return TestDatabase.countRows(pool, table);
        } catch (SQLException e) {
            throw new AssertionError("cannot count the rows of " + table, e);
        }
    }

    /** A row of the Affix task whose data is not JSON, as a bug or a hand edit could leave. */
    private void insertUnreadableRow() throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            String data = database == TestDatabase.POSTGRESQL ? "'\\x7b'::bytea" : "X'7b'";
            statement.execute("INSERT INTO " + table + " (task_name, task_instance, task_data, execution_time, picked, version)"
                    + " VALUES ('" + DbSchedulerJobRunner.TASK_NAME + "', 'broken', " + data + ", TIMESTAMP '2000-01-01 00:00:00', FALSE, 1)");
        }
    }
}

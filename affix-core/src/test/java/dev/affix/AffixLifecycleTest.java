package dev.affix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.config.DatabaseSettings;
import dev.affix.db.DatabaseException;
import dev.affix.job.InProcessJobRunner;
import dev.affix.job.Job;
import dev.affix.job.JobHandler;
import dev.affix.job.JobRunner;
import dev.affix.job.JobSettings;
import dev.affix.storage.ForwardingStorageService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping: the job settings the default runner gets, background cleaning at start, and closing. */
class AffixLifecycleTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultRunnerTakesItsThreadsAndAttemptsFromTheJobsSection() {
        AffixConfig config = config("jdbc:h2:mem:jobs-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1").jobSetting("threads", 3)
                .jobSetting("max_attempts", "4").build();
        try (Affix affix = Affix.start(config)) {
            assertThat(affix.jobs()).isInstanceOfSatisfying(InProcessJobRunner.class,
                    runner -> assertThat(runner.settings()).isEqualTo(new JobSettings(3, 4)));
        }
    }

    @Test
    void badJobSettingsStopTheStartNamingTheKey() {
        AffixConfig zeroThreads = config("jdbc:h2:mem:bad-" + System.nanoTime()).jobSetting("threads", 0).build();
        AffixConfig wordyAttempts = config("jdbc:h2:mem:bad-" + System.nanoTime()).jobSetting("max_attempts", "ten").build();

        assertThatThrownBy(() -> Affix.start(zeroThreads)).isInstanceOf(ConfigurationException.class)
                .hasMessage("jobs.threads must be positive, not 0");
        assertThatThrownBy(() -> Affix.start(wordyAttempts)).isInstanceOf(ConfigurationException.class)
                .hasMessage("jobs.max_attempts must be a whole number, not 'ten'");
    }

    @Test
    void anApplicationThatRunsTheMigrationsItselfIsToldWhichTableIsMissing() throws Exception {
        String url = "jdbc:h2:mem:own-flyway-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        Affix.start(config(url).build()).close();
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            connection.createStatement().execute("DROP TABLE affix_pending_deletions");
        }
        AffixConfig withoutMigrations = config(url).database(DatabaseSettings.of(url, "sa", "").withAutoMigrate(false)).build();

        assertThatThrownBy(() -> Affix.start(withoutMigrations)).isInstanceOf(DatabaseException.class)
                .hasMessageContaining("table affix_pending_deletions does not exist")
                .hasMessageContaining("classpath:dev/affix/db/migration/");
    }

    @Test
    void closeClosesEverythingEvenWhenSomethingFailsAndReportsEveryFailure() throws Exception {
        String url = "jdbc:h2:mem:close-" + System.nanoTime();
        List<String> closed = new CopyOnWriteArrayList<>();
        Affix affix = Affix.builder(config(url).build())
                .jobRunner(new FailingToCloseRunner())
                .serviceDecorator(service -> new ForwardingStorageService(service) {
                    @Override
                    public void close() {
                        closed.add(name());
                        throw new IllegalStateException("service " + name() + " failed to close");
                    }
                })
                .build();
        assertThat(tableExists(url)).isTrue();

        assertThatThrownBy(affix::close).isInstanceOf(AffixException.class).hasMessageContaining("the runner failed to close")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("service local failed to close"));

        assertThat(closed).as("the services were closed after the runner failed").containsExactly("local");
        assertThat(tableExists(url)).as("the pool closed its connections, so the in-memory database is gone").isFalse();
    }

    private static boolean tableExists(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             ResultSet tables = connection.getMetaData().getTables(null, null, "AFFIX_BLOBS", null)) {
            return tables.next();
        }
    }

    @Test
    void startingRemovesAbandonedUploadFilesInTheBackground() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("storage/.tmp"));
        Path abandoned = Files.writeString(tmp.resolve("upload-1.part"), "cut off");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path live = Files.writeString(tmp.resolve("upload-2.part"), "still writing");

        try (Affix affix = Affix.start(config("jdbc:h2:mem:sweep-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1").build())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.exists(abandoned) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(abandoned).doesNotExist();
            assertThat(live).exists();
        }
    }

    private AffixConfig.Builder config(String url) {
        return AffixConfig.builder()
                .secret("lifecycle-test-secret")
                .database(DatabaseSettings.of(url, "sa", ""))
                .disk("local", dir.resolve("storage"));
    }

    /** A runner whose close fails, as a stuck durable runner might: a stand-in, since real ones fail only in the field. */
    private static final class FailingToCloseRunner implements JobRunner {
        @Override
        public void start(Map<String, JobHandler> handlers) {
        }

        @Override
        public void enqueue(Job job) {
        }

        @Override
        public void close() {
            throw new IllegalStateException("the runner failed to close");
        }
    }
}

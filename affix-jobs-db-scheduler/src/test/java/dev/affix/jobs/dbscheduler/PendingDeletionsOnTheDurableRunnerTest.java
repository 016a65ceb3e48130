package dev.affix.jobs.dbscheduler;

import dev.affix.testing.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bytes whose rows were deleted in a caller's JDBC transaction are deleted by the durable runner:
 * periodically while Affix runs, and at the next start when it stopped first.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class PendingDeletionsOnTheDurableRunnerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private String prefix;
    private HikariDataSource pool;

    @BeforeEach
    void open() {
        prefix = "p" + Long.toString(System.nanoTime(), 36) + "_";
        pool = database.open(prefix);
    }

    @AfterEach
    void drop() throws SQLException {
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    @Test
    void deletionsCommittedInTheCallersTransactionAreWorkedOffAtTheNextStartAndPeriodically() throws Exception {
        Blob first;
        try (Affix stopping = builder(Duration.ofMinutes(10)).build()) {
            first = stopping.one(RecordRef.of("User", 1), "avatar").attach(bytes("first"), "1.txt").blob();
            replaceInCallersTransaction(stopping, "second");
        }
        assertThat(TestDatabase.countRows(pool, prefix + "pending_deletions")).as("stopped before deleting: the deletion waits in the table")
                .isEqualTo(1);

        try (Affix restarted = builder(Duration.ofMillis(300)).build()) {
            Eventually.await(TIMEOUT, "the start's drain deletes the replaced bytes",
                    () -> !restarted.services().get("local").exists(first.key()));

            Blob second = restarted.one(RecordRef.of("User", 1), "avatar").blob().orElseThrow();
            replaceInCallersTransaction(restarted, "third");
            Eventually.await(TIMEOUT, "the periodic drain deletes the replaced bytes",
                    () -> !restarted.services().get("local").exists(second.key()));
        }
        assertThat(TestDatabase.countRows(pool, prefix + "pending_deletions")).isZero();
    }

    private void replaceInCallersTransaction(Affix affix, String content) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            affix.using(connection).one(RecordRef.of("User", 1), "avatar").attach(bytes(content), content + ".txt");
            connection.commit();
        }
    }

    private Affix.Builder builder(Duration pendingDeletionsEvery) {
        AffixConfig config = AffixConfig.builder()
                .secret("durable-pending-deletions")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix))
                .disk("local", dir.resolve("storage"))
                .attachment("User.avatar", Map.of("kind", "one", "dependent", "purge"))
                .jobRunner("db_scheduler")
                .jobSetting("table", prefix + "jobs")
                .jobSetting("poll_interval", 0.1)
                .build();
        return Affix.builder(config).dataSource(pool).pendingDeletionsEvery(pendingDeletionsEvery);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.affix.jobs.dbscheduler;

import dev.affix.testing.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.analysis.AnalysisInput;
import dev.affix.analysis.AnalysisResult;
import dev.affix.analysis.Analyzer;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;
import dev.affix.job.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** The jobs an extension contributes, and the analysis after an attach, run on the durable runner. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class ExtensionJobsOnTheDurableRunnerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private String prefix;
    private HikariDataSource pool;

    @BeforeEach
    void open() {
        prefix = "x" + Long.toString(System.nanoTime(), 36) + "_";
        pool = database.open(prefix);
    }

    @AfterEach
    void drop() throws SQLException {
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    @Test
    void anExtensionsJobAndTheAnalysisAfterAnAttachRunOnTheConfiguredRunner() throws Exception {
        AffixConfig config = AffixConfig.builder()
                .secret("durable-extension-jobs")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix))
                .disk("local", dir.resolve("storage"))
                .attachment("User.avatar", Map.of("kind", "one"))
                .jobRunner("db_scheduler")
                .jobSetting("table", prefix + "jobs")
                .jobSetting("poll_interval", 0.1)
                .build();
        try (Affix affix = Affix.builder(config).dataSource(pool).extension(new Touching()).build()) {
            Path touched = dir.resolve("touched");
            affix.jobs().enqueue(Job.of("test.touch", Map.of("path", touched.toString())));
            Blob blob = affix.one(RecordRef.of("User", 1), "avatar").attach("some text".getBytes(StandardCharsets.UTF_8), "t.txt").blob();

            Eventually.await(TIMEOUT, "the extension's job runs", () -> Files.exists(touched));
            Eventually.await(TIMEOUT, "the analysis job runs", () -> affix.blobs().require(blob.id()).analyzed());
            assertThat(affix.blobs().require(blob.id()).metadata()).containsEntry("characters", 9);
        }
    }

    /** A job that creates the file its argument names, and an analyzer that counts characters. */
    private static final class Touching implements AffixExtension {
        @Override
        public String name() {
            return "touching";
        }

        @Override
        public void contribute(Contributions contributions) {
            contributions.job("test.touch", arguments -> Files.createFile(Path.of(arguments.get("path"))));
            contributions.analyzer(new Analyzer() {
                @Override
                public String name() {
                    return "characters";
                }

                @Override
                public boolean accepts(Blob blob) {
                    return blob.contentType().equals("text/plain");
                }

                @Override
                public AnalysisResult analyze(AnalysisInput input) throws Exception {
                    return AnalysisResult.of(Map.of("characters", Files.readString(input.file()).length()));
                }
            });
        }
    }
}

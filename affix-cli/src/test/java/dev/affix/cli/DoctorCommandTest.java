package dev.affix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** doctor, doctor --fix and doctor --undo on H2 under ./data and a Disk root: exit codes, the JSON report, the fix log. */
class DoctorCommandTest {

    @TempDir
    Path dir;
    private Path config;

    record Result(int exitCode, String out, String err) {
        Map<String, Object> json() {
            return Json.readObject(out);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> finding(String kind) {
            return (Map<String, Object>) json().get(kind);
        }
    }

    @BeforeEach
    void files() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "plain notes\n");
        config = Files.writeString(dir.resolve("affix.yml"), """
                default_service: local
                database: { url: "jdbc:h2:file:%s/data/affix" }
                secret: a-long-enough-secret
                services:
                  local: { service: Disk, root: %s/storage }
                attachments:
                  User.avatar: { kind: one, record_table: users }
                """.formatted(dir, dir));
    }

    @Test
    void aHealthyServiceExitsZeroWithAReportOfEveryKind() throws SQLException {
        users("INSERT INTO users (id) VALUES (1)");
        assertThat(run("attach", "notes.txt", "--record", "User:1", "--name", "avatar").exitCode()).isZero();

        Result doctor = run("doctor");

        assertThat(doctor.exitCode()).as(doctor.err()).isZero();
        assertThat(doctor.json()).containsEntry("service", "local").containsEntry("fix", false).containsEntry("problems_left", 0)
                .containsEntry("objects_listed", 1).containsKeys("seconds", "blobs_checked").containsEntry("fix_log", null);
        for (String kind : new String[] {"has_one_duplicates", "orphan_attachments", "missing_bytes", "unknown_objects"}) {
            assertThat(doctor.finding(kind)).containsEntry("found", 0).containsEntry("fixed", 0).containsKey("samples");
        }
        assertThat(doctor.err()).isEmpty();
    }

    @Test
    void problemsFoundExitOneAndFixThenUndoTakesTheRepairsBack() throws SQLException {
        users("INSERT INTO users (id) VALUES (1)");
        run("attach", "notes.txt", "--record", "User:1", "--name", "avatar");
        run("attach", "notes.txt", "--record", "User:2", "--name", "avatar");
        assertThat(run("put", "notes.txt", "--key", "legacy/stray.txt").exitCode()).isZero();

        Result found = run("doctor");
        assertThat(found.exitCode()).isEqualTo(AffixCli.FAILED);
        assertThat(found.finding("orphan_attachments")).containsEntry("found", 1);
        assertThat(found.finding("unknown_objects")).containsEntry("found", 1);
        assertThat(found.json()).containsEntry("problems_left", 2);
        assertThat(found.err()).contains("affix: 2 problems left; affix doctor --fix repairs all but missing bytes");

        Result fixed = run("doctor", "--fix", "--log", "fix.jsonl");
        assertThat(fixed.exitCode()).as(fixed.err()).isZero();
        assertThat(fixed.json()).containsEntry("fix", true).containsEntry("problems_left", 0)
                .containsEntry("fix_log", dir.resolve("fix.jsonl").toString());
        assertThat(fixed.finding("orphan_attachments")).containsEntry("fixed", 1);
        assertThat(run("get", "legacy/stray.txt").exitCode()).isEqualTo(AffixCli.NOT_FOUND);
        assertThat(run("ls", "--record", "User:2").out()).isEqualTo("[]");
        assertThat(run("doctor").exitCode()).isZero();

        Result undone = run("doctor", "--undo", "fix.jsonl");
        assertThat(undone.exitCode()).as(undone.err()).isZero();
        assertThat(undone.json()).containsEntry("restored_attachments", 1).containsEntry("restored_objects", 1).containsEntry("failed", 0);
        assertThat(run("get", "legacy/stray.txt").out()).isEqualTo("plain notes");
        assertThat(run("ls", "--record", "User:2").out()).contains("notes.txt");
    }

    @Test
    void missingBytesAreLeftAndExitOneEvenWithFix() throws SQLException {
        users("INSERT INTO users (id) VALUES (1)");
        String key = (String) run("attach", "notes.txt", "--record", "User:1", "--name", "avatar").json().get("key");
        assertThat(run("rm", key).exitCode()).isZero();
        users("UPDATE affix_blobs SET created_at = DATEADD('DAY', -2, created_at)");

        Result fixed = run("doctor", "--fix");

        assertThat(fixed.exitCode()).isEqualTo(AffixCli.FAILED);
        assertThat(fixed.finding("missing_bytes")).containsEntry("found", 1).containsEntry("fixed", 0);
        assertThat(fixed.json()).containsEntry("fix_log", null);
        assertThat(fixed.err()).contains("affix: 1 problems left");
        assertThat(run("ls", "--record", "User:1").out()).contains(key);
    }

    @Test
    void onATerminalASummaryGoesToStandardError() throws SQLException {
        users("INSERT INTO users (id) VALUES (1)");
        run("put", "notes.txt", "--key", "legacy/stray.txt");

        Result fixed = run(true, "doctor", "--fix", "--log", "fix.jsonl");

        assertThat(fixed.exitCode()).isZero();
        assertThat(fixed.err()).contains("affix doctor, service 'local'").contains("objects no blob references:")
                .contains("1, 1 quarantined under affix-quarantine/")
                .contains("take them back with: affix doctor --undo " + dir.resolve("fix.jsonl"));
        assertThat(fixed.json()).containsEntry("fix_log", dir.resolve("fix.jsonl").toString());
    }

    @Test
    void badUsageAndBadInputAreTold() throws IOException, SQLException {
        users("INSERT INTO users (id) VALUES (1)");
        assertThat(run("doctor", "--fix", "--undo", "fix.jsonl").exitCode()).isEqualTo(AffixCli.USAGE);
        assertThat(run("doctor", "--log", "fix.jsonl").err()).contains("--log names the log that --fix writes; it needs --fix");
        assertThat(run("doctor", "--log", "fix.jsonl").exitCode()).isEqualTo(AffixCli.USAGE);

        Result missing = run("doctor", "--undo", "nothing.jsonl");
        assertThat(missing.exitCode()).isEqualTo(AffixCli.REFUSED);
        assertThat(missing.err()).contains("fix log " + dir.resolve("nothing.jsonl") + " does not exist");

        Files.writeString(dir.resolve("taken.jsonl"), "");
        Result taken = run("doctor", "--fix", "--log", "taken.jsonl");
        assertThat(taken.exitCode()).isEqualTo(AffixCli.REFUSED);
        assertThat(taken.err()).contains("already exists");

        Files.writeString(config, Files.readString(config).replace("record_table: users", "record_table: \"users; drop table x\""));
        Result injected = run("doctor");
        assertThat(injected.exitCode()).isEqualTo(AffixCli.USAGE);
        assertThat(injected.err()).contains("record_table 'users; drop table x' is not a table name");
    }

    /** Runs SQL on the command's H2 database (between commands, which open and close it), making the users table first. */
    private void users(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir + "/data/affix", "", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS users (id BIGINT PRIMARY KEY)");
            statement.execute(sql);
        }
    }

    private Result run(String... args) {
        return run(false, args);
    }

    private Result run(boolean terminal, String... args) {
        String[] withConfig = Stream.concat(Stream.of("--config", config.toString()), Stream.of(args)).toArray(String[]::new);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AffixCli.run(Map.of(), dir, out, err, terminal, withConfig);
        return new Result(code, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8));
    }
}

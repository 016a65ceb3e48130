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
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code affix import paperclip} on a configuration with an H2 database, a Paperclip table in it and
 * Paperclip's public/system folder served in place by a flat Disk service.
 */
class ImportCommandTest {

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
        Map<String, Object> json() {
            return Json.readObject(out);
        }
    }

    @BeforeEach
    void paperclipTable() throws IOException, SQLException {
        Files.writeString(dir.resolve("affix.yml"), """
                default_service: local
                database: { url: "jdbc:h2:file:%s/data/affix" }
                secret: a-long-enough-secret
                services:
                  local: { service: Disk, root: %s/storage }
                  legacy: { service: Disk, root: %s/public/system, layout: flat }
                attachments:
                  User.avatar: { kind: one, service: legacy }
                """.formatted(dir, dir, dir));
        sql("CREATE TABLE users (id BIGINT PRIMARY KEY, avatar_file_name VARCHAR(255), avatar_content_type VARCHAR(255), "
                + "avatar_file_size BIGINT, avatar_updated_at TIMESTAMP)");
    }

    @Test
    void importsTheRowsWithFilesAndPrintsWhatItDidThenNothingMore() throws Exception {
        store("users/avatars/000/000/001/original/a.txt", "first");
        store("users/avatars/000/000/002/original/b.png", "second");
        rows(List.of(1, "a.txt", 5), List.of(2, "b.png", -1), List.of(3, "gone.txt", 4));
        sql("INSERT INTO users (id) VALUES (4)");
        sql("UPDATE users SET avatar_file_size = NULL WHERE id = 2");

        Result result = run(false, "import", "paperclip", "--table", "users", "--record-type", "User");

        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, Object> json = result.json();
        assertThat(json).containsEntry("imported", 2).containsEntry("already_present", 0).containsEntry("sizes_fetched", 1)
                .containsEntry("checksums_computed", 2).containsEntry("invalid_rows", Map.of("count", 0, "list", List.of()))
                .doesNotContainKey("problems_file");
        assertThat(json.get("missing_objects")).isEqualTo(Map.of("count", 1, "list", List.of(Map.of("attachment", "avatar", "id", "3",
                "key", "users/avatars/000/000/003/original/gone.txt", "reason",
                "no object at key 'users/avatars/000/000/003/original/gone.txt' in service 'legacy'"))));
        assertThat(run(false, "ls", "--record", "User:2").out()).contains("\"key\":\"users/avatars/000/000/002/original/b.png\"")
                .contains("\"service_name\":\"legacy\"");

        Result again = run(false, "import", "paperclip", "--table", "users", "--record-type", "User", "--attachment", "avatar");
        assertThat(again.json()).containsEntry("imported", 0).containsEntry("already_present", 2);
    }

    @Test
    void aDryRunSaysWhatWouldBeImportedAndWritesNothing() throws Exception {
        store("users/avatars/000/000/001/original/a.txt", "first");
        rows(List.of(1, "a.txt", 5));

        Result result = run(false, "import", "paperclip", "--table", "users", "--record-type", "User", "--dry-run");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.json()).containsEntry("would_import", 1).doesNotContainKey("imported");
        assertThat(run(false, "ls", "--record", "User:1").out()).isEqualTo("[]");
    }

    @Test
    void longListsOfRowsLeftOutAreCutInTheSummaryAndWrittenWholeToAFile() throws Exception {
        try (Connection connection = connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO users (id, avatar_file_name, avatar_file_size) VALUES (?, ?, 1)")) {
            for (int id = 1; id <= 150; id++) {
                insert.setInt(1, id);
                insert.setString(2, "missing-" + id + ".txt");
                insert.addBatch();
            }
            insert.executeBatch();
        }

        Result result = run(false, "import", "paperclip", "--table", "users", "--record-type", "User", "--batch-size", "40");

        @SuppressWarnings("unchecked")
        Map<String, Object> missing = (Map<String, Object>) result.json().get("missing_objects");
        assertThat(missing).containsEntry("count", 150);
        assertThat((List<?>) missing.get("list")).hasSize(ProblemLog.SHOWN);
        Path file = dir.resolve("affix-import-users-problems.jsonl");
        assertThat(result.json()).containsEntry("problems_file", file.toString());
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(150).allMatch(line -> line.startsWith("{\"problem\":\"missing_object\",\"attachment\":\"avatar\""));
        assertThat(lines.get(149)).contains("missing-150.txt");
    }

    @Test
    void aTerminalGetsAProgressBarWithRateAndTimeLeft() throws Exception {
        store("users/avatars/000/000/001/original/a.txt", "first");
        rows(List.of(1, "a.txt", 5));

        Result terminal = run(true, "import", "paperclip", "--table", "users", "--record-type", "User");

        assertThat(terminal.err()).contains("\r[" + "#".repeat(30) + "] 1/1 rows, ").contains("/s, 0:00 left").endsWith("\n");
        assertThat(run(false, "import", "paperclip", "--table", "users", "--record-type", "User").err()).isEmpty();
    }

    @Test
    void whatCannotBeImportedIsRefusedWithTheInputCodeAndBadOptionsWithTheUsageCode() {
        assertRefused(run(false, "import", "paperclip", "--table", "nothing", "--record-type", "User"), "table nothing does not exist");
        assertRefused(run(false, "import", "paperclip", "--table", "users", "--record-type", "User", "--path", ":class/:id/:hash"),
                "uses :hash");
        assertRefused(run(false, "import", "paperclip", "--table", "users", "--record-type", "Post"), "'Post.avatar' is not declared");
        assertRefused(run(false, "import", "paperclip", "--table", "users", "--record-type", "User", "--attachment", "photo"),
                "no column photo_file_name");
        assertThat(run(false, "import", "paperclip", "--table", "users", "--record-type", "User", "--service", "nowhere").exitCode())
                .isEqualTo(AffixCli.USAGE);
        assertThat(run(false, "import", "paperclip", "--table", "users", "--record-type", "User", "--concurrency", "0").exitCode())
                .isEqualTo(AffixCli.USAGE);
        assertThat(run(false, "import", "paperclip", "--record-type", "User").exitCode()).isEqualTo(AffixCli.USAGE);
        assertThat(run(false, "import").exitCode()).isEqualTo(AffixCli.USAGE);
    }

    private static void assertRefused(Result result, String message) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(AffixCli.REFUSED);
        assertThat(result.err()).contains(message);
        assertThat(result.out()).isEmpty();
    }

    private void store(String key, String content) throws IOException {
        Path file = dir.resolve("public/system").resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Rows of (id, file name, size), with a type and an update time. */
    private void rows(List<?>... rows) throws SQLException {
        try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO users (id, avatar_file_name, avatar_content_type, avatar_file_size, avatar_updated_at) "
                        + "VALUES (?, ?, 'text/plain', ?, TIMESTAMP '2020-01-02 03:04:05')")) {
            for (List<?> row : rows) {
                insert.setObject(1, row.get(0));
                insert.setObject(2, row.get(1));
                insert.setObject(3, row.get(2));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = connect(); Statement execute = connection.createStatement()) {
            execute.execute(statement);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dir + "/data/affix");
    }

    private Result run(boolean terminal, String... args) {
        String[] withConfig = Stream.concat(Stream.of("--config", dir.resolve("affix.yml").toString()), Stream.of(args))
                .toArray(String[]::new);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AffixCli.run(Map.of(), dir, out, err, terminal, withConfig);
        return new Result(code, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8));
    }
}

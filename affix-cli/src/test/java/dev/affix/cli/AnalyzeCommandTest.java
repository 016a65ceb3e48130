package dev.affix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** attach gets the facts, and analyze re-analyses blobs written without them, on the embedded database. */
class AnalyzeCommandTest {

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
        Map<String, Object> json() {
            return Json.readObject(out);
        }
    }

    @BeforeEach
    void files() throws IOException {
        BufferedImage photo = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) {
                photo.setRGB(x, y, (x * 255 / 639) << 16 | (y * 255 / 479) << 8 | 0x60);
            }
        }
        ImageIO.write(photo, "png", dir.resolve("photo.png").toFile());
        Files.writeString(dir.resolve("notes.txt"), "plain notes\n");
        Files.writeString(dir.resolve("fail.txt"), "an analyzer fails on this one\n");
    }

    @Test
    @SuppressWarnings("unchecked")
    void attachPrintsTheBlobWithItsFacts() throws IOException {
        config("");

        Result attach = run(false, "attach", "photo.png", "--record", "User:1", "--name", "avatar");

        assertThat(attach.exitCode()).as(attach.err()).isZero();
        // the analyzers of affix-image, on the command line's class path
        assertThat((Map<String, Object>) attach.json().get("metadata")).containsEntry("identified", true).containsEntry("analyzed", true)
                .containsEntry("width", 640).containsEntry("height", 480).containsKey("blurhash");
    }

    @Test
    void analyzeReadsBlobsWrittenWithoutAnalysisAndRunningItAgainIsHarmless() throws IOException {
        config("analysis: { analyze: off }\n");
        run(false, "attach", "photo.png", "--record", "User:1", "--name", "avatar");
        run(false, "attach", "notes.txt", "--record", "Post:1", "--name", "files");
        assertThat(metadataOf("User:1")).doesNotContainKey("analyzed");

        Result first = run(false, "analyze", "--all");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.json()).containsEntry("analyzed", 2).containsEntry("skipped", 0).containsEntry("failed", 0)
                .containsKey("seconds");
        assertThat(metadataOf("User:1")).containsEntry("analyzed", true).containsEntry("width", 640).containsEntry("height", 480);
        assertThat(metadataOf("Post:1")).containsEntry("analyzed", true);

        assertThat(run(false, "analyze", "--all", "--only-missing").json()).containsEntry("analyzed", 0).containsEntry("skipped", 2);
        assertThat(run(false, "analyze", "--all").json()).containsEntry("analyzed", 2).containsEntry("failed", 0);
        assertThat(metadataOf("User:1")).containsEntry("width", 640).containsEntry("identified", true);
    }

    @Test
    void analyzeTakesOneRecordOrOneService() throws IOException {
        config("analysis: { analyze: off }\n");
        run(false, "attach", "photo.png", "--record", "User:1", "--name", "avatar");
        run(false, "attach", "notes.txt", "--record", "Post:1", "--name", "files");
        run(false, "attach", "photo.png", "--record", "Post:1", "--name", "archived");

        assertThat(run(false, "analyze", "--record", "Post:1", "--service", "archive").json()).containsEntry("analyzed", 1);
        assertThat(metadataOf("Post:1")).doesNotContainKey("analyzed");
        assertThat(run(false, "analyze", "--record", "Post:1").json()).containsEntry("analyzed", 2);
        assertThat(metadataOf("User:1")).doesNotContainKey("analyzed");
        assertThat(run(false, "analyze", "--all", "--service", "archive", "--only-missing").json()).containsEntry("skipped", 1)
                .containsEntry("analyzed", 0);
    }

    @Test
    void aFailingAnalyzerIsCountedAndExitsOneWhileTheBlobKeepsWhatTheOthersFound() throws IOException {
        config("analysis: { analyze: off }\n");
        run(false, "attach", "fail.txt", "--record", "User:2", "--name", "avatar");
        run(false, "attach", "photo.png", "--record", "User:3", "--name", "avatar");

        Result result = run(false, "analyze", "--all");

        assertThat(result.exitCode()).isEqualTo(AffixCli.FAILED);
        assertThat(result.json()).containsEntry("analyzed", 1).containsEntry("failed", 1);
        assertThat(result.err()).contains("1 blobs could not be read or had an analyzer fail");
        assertThat(metadataOf("User:2")).containsEntry("analyzed", true);
    }

    @Test
    void aTerminalGetsAProgressBarOnStandardErrorAndAPipeDoesNot() throws IOException {
        config("analysis: { analyze: off }\n");
        run(false, "attach", "photo.png", "--record", "User:1", "--name", "avatar");
        run(false, "attach", "notes.txt", "--record", "User:2", "--name", "avatar");

        Result terminal = run(true, "analyze", "--all");
        Result piped = run(false, "analyze", "--all");

        assertThat(terminal.err()).contains("\r[" + "#".repeat(30) + "] 2/2 blobs").endsWith("\n");
        assertThat(terminal.json()).containsEntry("analyzed", 2);
        assertThat(piped.err()).isEmpty();
    }

    @Test
    void analyzeNeedsARecordOrAll() throws IOException {
        config("");

        Result result = run(false, "analyze");

        assertThat(result.exitCode()).isEqualTo(AffixCli.USAGE);
        assertThat(result.err()).contains("--record=TYPE:ID").contains("--all");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> metadataOf(String record) {
        List<Map<String, Object>> attachments = Json.mapper().readValue(run(false, "ls", "--record", record).out(), List.class);
        return (Map<String, Object>) attachments.get(0).get("metadata");
    }

    private void config(String extra) throws IOException {
        Files.writeString(dir.resolve("affix.yml"), """
                default_service: local
                database: { url: "jdbc:h2:file:%s/data/affix" }
                secret: a-long-enough-secret
                services:
                  local: { service: Disk, root: %s/storage }
                  archive: { service: Disk, root: %s/archive }
                attachments:
                  User.avatar: { kind: one }
                  Post.files: { kind: many }
                  Post.archived: { kind: one, service: archive }
                """.formatted(dir, dir, dir) + extra);
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

package dev.affix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** variant and variants (--preprocess, --purge-unused) on H2 and a Disk root in a temporary directory. */
class VariantCommandsTest {

    private static final String DECLARED = """
            attachments:
              User.avatar:
                kind: one
                variants:
                  thumb: { resize_to_limit: [100, 100] }
                  square: { resize_to_fill: [50, 50], format: jpeg }
              Post.files:
                kind: many
                variants:
                  thumb: { resize_to_limit: [64, 64] }
              Post.notes: { kind: one }
            """;

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
        Map<String, Object> json() {
            return Json.readObject(out);
        }

        List<Object> array() {
            return Json.mapper().readValue(out, List.class);
        }

        List<Map<String, Object>> lines() {
            return Arrays.stream(out.split("\n")).map(Json::readObject).toList();
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
        ImageIO.write(photo, "jpeg", dir.resolve("photo.jpg").toFile());
        Files.writeString(dir.resolve("notes.txt"), "plain notes\n");
        // a PNG's signature and header, then nothing: identified as a PNG, decoded by nobody
        Files.write(dir.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H',
            'D', 'R'});
        config(DECLARED);
    }

    @Test
    void variantIsMadeOnceWrittenToAFileAndFoundMadeAfterwards() throws IOException {
        Map<String, Object> original = run("attach", "photo.png", "--record", "User:1", "--name", "avatar").json();

        Result first = run("variant", "--record", "User:1", "--name", "avatar", "--variant", "thumb", "-o", "thumb.png");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.json()).containsEntry("content_type", "image/png").containsEntry("filename", "photo.png")
                .containsEntry("variant", "thumb").containsEntry("original_id", original.get("id")).containsEntry("processed_now", true)
                .containsKey("signed_id").containsEntry("path", dir.resolve("thumb.png").toString());
        assertThat(dimensions(dir.resolve("thumb.png"))).containsExactly(100, 75);
        assertThat(Files.readAllBytes(dir.resolve("thumb.png"))).isEqualTo(Files.readAllBytes(storedFile((String) first.json().get("key")).orElseThrow()));
        assertThat((String) first.json().get("key")).startsWith("variants/" + original.get("key") + "/");

        Result second = run("variant", "--record", "User:1", "--name", "avatar", "--variant", "thumb");
        assertThat(second.json()).containsEntry("processed_now", false).containsEntry("id", first.json().get("id"));

        Result square = run("variant", "--record", "User:1", "--name", "avatar", "--variant", "square", "-o", "square.jpg");
        assertThat(square.json()).containsEntry("content_type", "image/jpeg").containsEntry("filename", "photo.jpg")
                .containsEntry("processed_now", true);
        assertThat(dimensions(dir.resolve("square.jpg"))).containsExactly(50, 50);
        assertThat(objectsInStorage()).isEqualTo(3);
    }

    @Test
    void undeclaredVariantsAndFilesWithoutVariantsAreRefused() {
        run("attach", "photo.png", "--record", "User:1", "--name", "avatar");
        run("attach", "notes.txt", "--record", "User:2", "--name", "avatar");
        run("attach", "notes.txt", "--record", "Post:1", "--name", "notes");

        Result undeclared = run("variant", "--record", "User:1", "--name", "avatar", "--variant", "huge");
        assertThat(undeclared.exitCode()).isEqualTo(AffixCli.REFUSED);
        assertThat(undeclared.err()).contains("'User.avatar' declares no variant 'huge' (it declares thumb, square)");
        assertThat(undeclared.out()).isEmpty();
        assertThat(run("variant", "--record", "Post:1", "--name", "notes", "--variant", "thumb").err())
                .contains("'Post.notes' declares no variant 'thumb' (it declares no variants)");
        assertThat(run("variant", "--record", "User:1", "--name", "cover", "--variant", "thumb").err())
                .contains("'User.cover' is not declared");

        Result text = run("variant", "--record", "User:2", "--name", "avatar", "--variant", "thumb");
        assertThat(text.exitCode()).isEqualTo(AffixCli.REFUSED);
        assertThat(text.err()).contains("(text/plain) cannot be represented as an image");

        Result nothing = run("variant", "--record", "User:3", "--name", "avatar", "--variant", "thumb");
        assertThat(nothing.exitCode()).isEqualTo(AffixCli.NOT_FOUND);
        assertThat(nothing.err()).contains("User:3 has nothing attached under 'avatar'");
    }

    @Test
    void aFileThatCannotBeTransformedFailsWithItsOwnMessageAndLeavesNothing() throws IOException {
        run("attach", "broken.png", "--record", "User:1", "--name", "avatar");

        Result result = run("variant", "--record", "User:1", "--name", "avatar", "--variant", "thumb", "-o", "thumb.png");

        assertThat(result.exitCode()).isEqualTo(AffixCli.FAILED);
        assertThat(result.err()).contains("variant 'thumb' of 'broken.png'").contains("could not be made");
        assertThat(result.out()).isEmpty();
        assertThat(dir.resolve("thumb.png")).doesNotExist();
        assertThat(objectsInStorage()).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aHasManyGivesAnArrayAndOutputTakesOneFileOnly() throws IOException {
        run("attach", "photo.png", "--record", "Post:1", "--name", "files");
        run("attach", "notes.txt", "--record", "Post:1", "--name", "files");
        run("attach", "photo.jpg", "--record", "Post:1", "--name", "files");

        Result all = run("variant", "--record", "Post:1", "--name", "files", "--variant", "thumb");

        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.array()).hasSize(2).allSatisfy(item -> assertThat((Map<String, Object>) item)
                .containsEntry("processed_now", true).containsEntry("variant", "thumb"));
        assertThat(all.array()).extracting(item -> ((Map<String, Object>) item).get("content_type"))
                .containsExactly("image/png", "image/jpeg");
        assertThat(all.err()).contains("skipped 'notes.txt'").contains("it has no variants");

        Result several = run("variant", "--record", "Post:1", "--name", "files", "--variant", "thumb", "-o", "thumb.png");
        assertThat(several.exitCode()).isEqualTo(AffixCli.REFUSED);
        assertThat(several.err()).contains("-o writes one file, and Post:1 has 2 files with variants under 'files'")
                .contains("affix download SIGNED_ID");
        assertThat(dir.resolve("thumb.png")).doesNotExist();

        run("attach", "photo.jpg", "--record", "Post:2", "--name", "files");
        Result one = run("variant", "--record", "Post:2", "--name", "files", "--variant", "thumb", "-o", "thumb.jpg");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.array()).hasSize(1);
        assertThat(dimensions(dir.resolve("thumb.jpg"))).containsExactly(64, 48);
    }

    @Test
    void preprocessMakesTheMissingVariantsThenFindsThemMade() {
        for (int id = 1; id <= 3; id++) {
            run("attach", "photo.png", "--record", "User:" + id, "--name", "avatar");
        }
        run("attach", "notes.txt", "--record", "Post:1", "--name", "files");

        Result first = run("variants", "--preprocess", "--variant", "thumb");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("{\"made\":3,\"already\":0,\"failed\":0,\"skipped_not_representable\":1}");
        assertThat(run("variant", "--record", "User:2", "--name", "avatar", "--variant", "thumb").json())
                .containsEntry("processed_now", false);

        Result again = run("variants", "--preprocess", "--variant", "thumb");
        assertThat(again.out()).isEqualTo("{\"made\":0,\"already\":3,\"failed\":0,\"skipped_not_representable\":1}");

        Result users = run("variants", "--preprocess", "--record-type", "User");
        assertThat(users.out()).isEqualTo("{\"made\":3,\"already\":3,\"failed\":0,\"skipped_not_representable\":0}");
        assertThat(run("variant", "--record", "User:3", "--name", "avatar", "--variant", "square").json())
                .containsEntry("processed_now", false);
    }

    @Test
    void preprocessCountsAFileThatFailsAndGoesOn() {
        run("attach", "broken.png", "--record", "User:1", "--name", "avatar");
        run("attach", "photo.png", "--record", "User:2", "--name", "avatar");

        Result result = run("variants", "--preprocess", "--record-type", "User", "--name", "avatar", "--variant", "thumb");

        assertThat(result.exitCode()).isEqualTo(AffixCli.FAILED);
        assertThat(result.json()).containsEntry("made", 1).containsEntry("failed", 1);
        assertThat(result.err()).contains("variant 'thumb' of 'broken.png'").contains("attached to User:1")
                .contains("1 variants could not be made");
    }

    @Test
    void aTerminalGetsAProgressBarOnStandardErrorAndAPipeDoesNot() {
        run("attach", "photo.png", "--record", "User:1", "--name", "avatar");
        run("attach", "photo.png", "--record", "Post:1", "--name", "files");

        Result terminal = run(true, "variants", "--preprocess");
        Result piped = run(false, "variants", "--preprocess");

        assertThat(terminal.err()).contains("\r[" + "#".repeat(30) + "] 2/2 files").endsWith("\n");
        assertThat(terminal.json()).containsEntry("made", 3);
        assertThat(piped.err()).isEmpty();
        assertThat(piped.json()).containsEntry("already", 3);
    }

    @Test
    void filtersThatSelectNothingAndOptionsOfTheOtherPassAreRefused() {
        Result unknown = run("variants", "--preprocess", "--variant", "huge");
        assertThat(unknown.exitCode()).isEqualTo(AffixCli.REFUSED);
        assertThat(unknown.err()).contains("no declared attachment with named variants matches --variant huge")
                .contains("declared with variants: User.avatar (thumb, square), Post.files (thumb)");
        assertThat(run("variants", "--preprocess", "--record-type", "Post", "--name", "notes").exitCode()).isEqualTo(AffixCli.REFUSED);
        assertThat(run("variants", "--preprocess", "--dry-run").err()).contains("--dry-run goes with --purge-unused");
        assertThat(run("variants", "--purge-unused", "--variant", "thumb").err()).contains("--variant goes with --preprocess");
        assertThat(run("variants").exitCode()).isEqualTo(AffixCli.USAGE);
    }

    @Test
    void purgeUnusedDeletesTheVariantsAChangedDeclarationNoLongerNamesAndKeepsTheDeclaredOne() throws Exception {
        run("attach", "photo.png", "--record", "User:1", "--name", "avatar");
        Map<String, Object> oldThumb = run("variant", "--record", "User:1", "--name", "avatar", "--variant", "thumb").json();
        Map<String, Object> square = run("variant", "--record", "User:1", "--name", "avatar", "--variant", "square").json();
        config(DECLARED.replace("[100, 100]", "[120, 120]").replace("      square: { resize_to_fill: [50, 50], format: jpeg }\n", ""));
        Map<String, Object> newThumb = run("variant", "--record", "User:1", "--name", "avatar", "--variant", "thumb", "-o", "t.png").json();
        assertThat(dimensions(dir.resolve("t.png"))).containsExactly(120, 90);
        assertThat(objectsInStorage()).isEqualTo(4);

        Result dry = run("variants", "--purge-unused", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.lines()).hasSize(3);
        assertThat(dry.lines().subList(0, 2)).extracting(line -> (Object) ((Map<?, ?>) line.get("image")).get("id"))
                .containsExactlyInAnyOrder(oldThumb.get("id"), square.get("id"));
        assertThat(dry.lines().get(0)).containsEntry("attachment", "User.avatar").containsEntry("record", "User:1")
                .containsEntry("original_filename", "photo.png");
        long unusedBytes = ((Number) oldThumb.get("byte_size")).longValue() + ((Number) square.get("byte_size")).longValue();
        assertThat(dry.lines().get(2)).containsEntry("checked", 3).containsEntry("would_purge", 2)
                .containsEntry("byte_size", (int) unusedBytes);
        assertThat(objectsInStorage()).isEqualTo(4);

        Result purge = run("variants", "--purge-unused");
        assertThat(purge.exitCode()).as(purge.err()).isZero();
        assertThat(purge.lines()).hasSize(3);
        assertThat(purge.lines().get(2)).containsEntry("checked", 3).containsEntry("purged", 2).containsEntry("byte_size", (int) unusedBytes)
                .containsEntry("pending_deletions_failed", 0);
        assertThat(storedFile((String) oldThumb.get("key"))).isEmpty();
        assertThat(storedFile((String) square.get("key"))).isEmpty();
        assertThat(storedFile((String) newThumb.get("key"))).isPresent();
        assertThat(objectsInStorage()).isEqualTo(2);
        assertThat(count("affix_variant_records")).isEqualTo(1);
        assertThat(count("affix_blobs")).isEqualTo(2);
        assertThat(count("affix_attachments")).isEqualTo(2);

        assertThat(run("variant", "--record", "User:1", "--name", "avatar", "--variant", "thumb").json())
                .containsEntry("processed_now", false).containsEntry("id", newThumb.get("id"));
        assertThat(run("variants", "--purge-unused").lines().get(0)).containsEntry("checked", 1).containsEntry("purged", 0);
    }

    @Test
    void purgeUnusedCountsEveryVariantOfADeclarationWithoutNamedOnesAsUnused() throws IOException {
        run("attach", "photo.png", "--record", "User:1", "--name", "avatar");
        run("variant", "--record", "User:1", "--name", "avatar", "--variant", "thumb");
        run("attach", "photo.png", "--record", "Post:1", "--name", "files");
        run("variant", "--record", "Post:1", "--name", "files", "--variant", "thumb");
        config(DECLARED.replace("""
                    variants:
                      thumb: { resize_to_limit: [64, 64] }
                """, ""));

        Result purge = run("variants", "--purge-unused", "--record-type", "Post");

        assertThat(purge.exitCode()).as(purge.err()).isZero();
        assertThat(purge.lines()).hasSize(2);
        assertThat(purge.lines().get(0)).containsEntry("attachment", "Post.files");
        assertThat(purge.lines().get(1)).containsEntry("checked", 1).containsEntry("purged", 1);
        assertThat(run("variants", "--purge-unused").lines().get(0)).containsEntry("checked", 1).containsEntry("purged", 0);
    }

    private void config(String attachments) throws IOException {
        Files.writeString(dir.resolve("affix.yml"), """
                default_service: local
                database: { url: "jdbc:h2:file:%s/data/affix" }
                secret: a-long-enough-secret
                services:
                  local: { service: Disk, root: %s/storage }
                analysis: { analyze: off }
                """.formatted(dir, dir) + attachments);
    }

    private Result run(String... args) {
        return run(false, args);
    }

    private Result run(boolean terminal, String... args) {
        String[] withConfig = Stream.concat(Stream.of("--config", dir.resolve("affix.yml").toString()), Stream.of(args))
                .toArray(String[]::new);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AffixCli.run(Map.of(), dir, out, err, terminal, withConfig);
        return new Result(code, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8));
    }

    private static List<Integer> dimensions(Path image) throws IOException {
        BufferedImage read = ImageIO.read(image.toFile());
        return List.of(read.getWidth(), read.getHeight());
    }

    /** The file the Disk service keeps a key in (under folders it shards keys into), if there is one. */
    private Optional<Path> storedFile(String key) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("storage"))) {
            return files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith("/" + key)).findFirst();
        }
    }

    private long objectsInStorage() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("storage"))) {
            return files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.tmp/")).count();
        }
    }

    private long count(String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir + "/data/affix");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

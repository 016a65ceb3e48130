package dev.affix.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.analysis.PngHeaderAnalyzer;
import dev.affix.attachment.Attachable;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;
import dev.affix.job.InlineJobRunner;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.disk.DiskTokens;
import dev.affix.testing.TestDatabase;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Declarations' {@code validate:} rules on real attaches, on H2, PostgreSQL and MariaDB: a refusal keeps nothing. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class ValidationTest {

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private String prefix;
    private Affix affix;

    @BeforeEach
    void start() {
        prefix = "val" + Long.toString(System.nanoTime(), 36) + "_";
        pool = database.open(prefix);
        AffixConfig config = AffixConfig.builder()
                .secret("validation-test-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix))
                .disk("local", dir.resolve("storage"))
                .analysisSetting("analyze", "off")
                .attachment("User.avatar", Map.of("kind", "one", "validate", Map.of("content_types", List.of("image/png", "image/jpeg"),
                        "max_byte_size", "2KiB", "min_width", 10, "aspect_ratio", "square")))
                .attachment("Post.files", Map.of("kind", "many", "validate", Map.of("content_types", List.of("image/*", "text/plain"),
                        "max_count", 3, "min_count", 2)))
                .build();
        affix = Affix.builder(config).dataSource(pool).jobRunner(new InlineJobRunner())
                .extension(new AffixExtension() {
                    @Override
                    public String name() {
                        return "validation-test";
                    }

                    @Override
                    public void contribute(Contributions contributions) {
                        contributions.analyzer(new PngHeaderAnalyzer());
                    }
                })
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        affix.close();
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    @Test
    void aFileThatPassesIsAttachedWithItsDimensionsAnalysedBeforeTheAttachReturns() {
        Blob avatar = affix.one(RecordRef.of("User", 1), "avatar").attach(png(20, 20), "me.png").blob();

        assertThat(avatar.metadata()).containsEntry("width", 20).containsEntry("height", 20);
    }

    @Test
    void aRefusedFileNamesEveryBrokenRuleAndLeavesNoObjectAndNoRow() {
        byte[] small = png(8, 4);

        assertThatThrownBy(() -> affix.one(RecordRef.of("User", 2), "avatar").attach(small, "small.png"))
                .isInstanceOf(AttachmentInvalidException.class)
                .hasMessageContaining("attachment 'User.avatar' refused")
                .hasMessageContaining("min_width: 'small.png' is 8 pixels wide, less than 10")
                .hasMessageContaining("aspect_ratio: 'small.png' is 8x4, not square")
                .satisfies(e -> assertThat(((AttachmentInvalidException) e).violations()).extracting(Violation::rule)
                        .containsExactly("min_width", "aspect_ratio"));

        assertThat(affix.blobs().count(null)).isZero();
        assertThat(storedFiles()).isEmpty();
        assertThat(affix.one(RecordRef.of("User", 2), "avatar").attached()).isFalse();
    }

    @Test
    void typesAreTheOnesIdentifiedFromTheBytesWhateverTheNameOrTheClaim() {
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> affix.one(RecordRef.of("User", 3), "avatar").attach(new ByteArrayInputStream(html), "me.png", "image/png"))
                .isInstanceOf(AttachmentInvalidException.class).hasMessageContaining("content_types").hasMessageContaining("text/html");
        assertThat(affix.blobs().count(null)).isZero();
        assertThat(storedFiles()).isEmpty();
    }

    @Test
    void countsAreCheckedOverTheWholeSlotAndEveryFileIsChecked() {
        byte[] text = "notes".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> affix.many(RecordRef.of("Post", 1), "files").attach(Attachable.bytes(text, "one.txt")))
                .isInstanceOf(AttachmentInvalidException.class).hasMessageContaining("min_count: 1 files, fewer than 2");
        affix.many(RecordRef.of("Post", 1), "files").attach(Attachable.bytes(text, "a.txt"), Attachable.bytes(text, "b.txt"));
        assertThatThrownBy(() -> affix.many(RecordRef.of("Post", 1), "files").attach(Attachable.bytes(text, "c.txt"),
                Attachable.bytes(text, "d.txt")))
                .isInstanceOf(AttachmentInvalidException.class).hasMessageContaining("max_count: 4 files, more than 3");
        assertThatThrownBy(() -> affix.many(RecordRef.of("Post", 2), "files").attach(Attachable.bytes(new byte[] {0, 1, 2}, "x.bin"),
                Attachable.bytes("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII), "y.pdf")))
                .isInstanceOf(AttachmentInvalidException.class).hasMessageContaining("'x.bin'").hasMessageContaining("'y.pdf'");

        assertThat(affix.many(RecordRef.of("Post", 1), "files").blobs()).extracting(Blob::filename).containsExactly("a.txt", "b.txt");
        assertThat(affix.blobs().count(null)).as("only the two attached").isEqualTo(2);
        assertThat(storedFiles()).hasSize(2);
    }

    @Test
    void aRefusedDirectUploadIsPurgedWithItsBytes() throws Exception {
        byte[] big = png(64, 64, true);
        Blob declared = affix.one(RecordRef.of("User", 4), "avatar").prepareDirectUpload("big.png", big.length, md5(big), "image/png", Map.of());
        DirectUploadTarget target = affix.blobs().directUploadTarget(declared, Duration.ofMinutes(5));
        String token = target.url().getRawPath().substring(target.url().getRawPath().lastIndexOf('/') + 1);
        DiskTokens.UploadGrant grant = new DiskTokens(affix.signer()).verifyUpload(token).orElseThrow();
        affix.services().get("local").upload(grant.key(), new ByteArrayInputStream(big), grant.uploadOptions());

        assertThatThrownBy(() -> affix.one(RecordRef.of("User", 4), "avatar").attachSigned(affix.blobs().signedId(declared)))
                .isInstanceOf(AttachmentInvalidException.class).hasMessageContaining("max_byte_size");

        assertThat(affix.blobs().find(declared.id())).isEmpty();
        assertThat(affix.services().get("local").exists(declared.key())).isFalse();
    }

    private List<Path> storedFiles() {
        Path root = dir.resolve("storage");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> !root.relativize(p).toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] png(int width, int height) {
        return png(width, height, false);
    }

    /** A PNG; {@code noisy} makes it incompressible, so that it is bigger than the size rule. */
    private static byte[] png(int width, int height, boolean noisy) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, noisy ? random.nextInt() : (x * 255 / width) << 16);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Checksum md5(byte[] bytes) throws Exception {
        return Checksum.of(ChecksumAlgorithm.MD5, MessageDigest.getInstance("MD5").digest(bytes));
    }
}

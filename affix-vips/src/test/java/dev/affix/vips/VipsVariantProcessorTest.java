package dev.affix.vips;

import static dev.affix.vips.Decoded.pixel;
import static dev.affix.vips.Decoded.size;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.variant.Gravity;
import dev.affix.variant.OutputFormat;
import dev.affix.variant.ProcessingLimits;
import dev.affix.variant.Rgba;
import dev.affix.variant.TransformRequest;
import dev.affix.variant.TransformationFailedException;
import dev.affix.variant.Transformations;
import dev.affix.vips.VipsCli.Size;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class VipsVariantProcessorTest {

    private static final VipsVariantProcessor PROCESSOR = new VipsVariantProcessor();
    private static final int[] WHITE = {255, 255, 255};
    private static final int[] BLACK = {0, 0, 0};

    @TempDir
    static Path fixtures;
    /** 4000x3000, black: a photograph's size, made by libvips itself. */
    static Path photo;
    /** 800x600, black: small enough to write in every format quickly. */
    static Path medium;
    /** 400x300 PNG, white in its left 100 columns: shows where a crop, turn or pad went. */
    static Path marked;

    @TempDir
    Path folder;

    @BeforeAll
    static void makeFixtures() {
        photo = VipsCli.black(fixtures.resolve("photo.jpg"), 4000, 3000, 3);
        medium = VipsCli.black(fixtures.resolve("medium.png"), 800, 600, 3);
        marked = Fixtures.write(fixtures.resolve("marked.png"), Fixtures.whiteOnTheLeft(400, 300, 100), "png");
    }

    @Test
    void readsTheWebsImageFormatsAndWritesThemAll() {
        assertThat(new String[] {"image/jpeg", "image/png", "image/webp", "image/gif", "image/tiff", "image/avif", "image/heic",
            "image/heif"}).allSatisfy(type -> assertThat(PROCESSOR.reads(type)).as(type).isTrue());
        assertThat(new String[] {"image/svg+xml", "application/pdf", "application/postscript", "image/bmp", "image/x-icon",
            "image/jp2", "image/jxl", "image/vnd.adobe.photoshop", "text/plain"}).allSatisfy(type -> assertThat(PROCESSOR.reads(type))
                .as(type).isFalse());
        assertThat(OutputFormat.values()).allSatisfy(format -> assertThat(PROCESSOR.writes(format)).as(format.name()).isTrue());
        assertThat(PROCESSOR.name()).isEqualTo("vips");
    }

    @Test
    void resizeToLimitShrinksIntoTheBoxKeepingTheAspectRatioAndNeverEnlarges() {
        assertThat(size(transform(photo, Transformations.builder().resizeToLimit(400, 400).build()))).isEqualTo(new Size(400, 300));
        assertThat(size(transform(photo, Transformations.builder().resizeToLimit(1000, 100).build()))).isEqualTo(new Size(133, 100));
        assertThat(size(transform(marked, Transformations.builder().resizeToLimit(800, 800).build()))).isEqualTo(new Size(400, 300));
    }

    @Test
    void resizeToFitShrinksOrEnlargesIntoTheBox() {
        assertThat(size(transform(photo, Transformations.builder().resizeToFit(500, 500).build()))).isEqualTo(new Size(500, 375));
        assertThat(size(transform(marked, Transformations.builder().resizeToFit(800, 800).build()))).isEqualTo(new Size(800, 600));
    }

    @Test
    void resizeToFillCoversTheBoxAndCropsToExactlyItsSize() {
        assertThat(size(transform(photo, Transformations.builder().resizeToFill(100, 100).build()))).isEqualTo(new Size(100, 100));
        assertThat(size(transform(photo, Transformations.builder().resizeToFill(300, 100).build()))).isEqualTo(new Size(300, 100));
        assertThat(size(transform(photo, Transformations.builder().resizeToFill(100, 300).build()))).isEqualTo(new Size(100, 300));
        assertThat(size(transform(marked, Transformations.builder().resizeToFill(600, 600).build()))).isEqualTo(new Size(600, 600));
    }

    @Test
    void resizeToFillKeepsThePartAtTheGravity() {
        // 400x300 covers 100x100 at 133x100: its white quarter is columns 0-33
        Path west = transform(marked, Transformations.builder().resizeToFill(100, 100, Gravity.WEST).build());
        Path east = transform(marked, Transformations.builder().resizeToFill(100, 100, Gravity.EAST).build());
        Path centre = transform(marked, Transformations.builder().resizeToFill(100, 100, Gravity.CENTRE).build());

        assertThat(pixel(west, 20, 50)).containsExactly(WHITE);
        assertThat(pixel(east, 5, 50)).containsExactly(BLACK);
        assertThat(pixel(centre, 5, 50)).containsExactly(WHITE);
        assertThat(pixel(centre, 25, 50)).containsExactly(BLACK);
    }

    @Test
    void resizeAndPadFitsThenPadsWithTheBackgroundAtTheGravity() {
        Path white = transform(photo, Transformations.builder().resizeAndPad(200, 200, Rgba.WHITE).build());
        assertThat(size(white)).isEqualTo(new Size(200, 200));
        assertThat(Decoded.bands(white)).isEqualTo(3);
        assertThat(pixel(white, 100, 10)).containsExactly(WHITE); // the fitted 200x150 lies in rows 25-174
        assertThat(pixel(white, 100, 100)).containsExactly(BLACK);

        Path north = transform(photo, Transformations.builder()
                .step(new Transformations.ResizeAndPad(200, 200, new Rgba(255, 0, 0, 128), Gravity.NORTH)).build());
        assertThat(Decoded.bands(north)).isEqualTo(4);
        assertThat(pixel(north, 100, 10)).containsExactly(0, 0, 0, 255);
        assertThat(pixel(north, 100, 190)).containsExactly(255, 0, 0, 128);
    }

    @Test
    void cropKeepsTheRectangleClippedToTheImage() {
        Path inside = transform(marked, Transformations.builder().crop(50, 0, 100, 100).build());
        assertThat(size(inside)).isEqualTo(new Size(100, 100));
        assertThat(pixel(inside, 40, 50)).containsExactly(WHITE);
        assertThat(pixel(inside, 60, 50)).containsExactly(BLACK);

        assertThat(size(transform(photo, Transformations.builder().crop(3900, 2900, 500, 500).build()))).isEqualTo(new Size(100, 100));
    }

    @Test
    void refusesACropThatLiesOutsideTheImage() {
        Path target = folder.resolve("variant");
        assertThatThrownBy(() -> PROCESSOR.transform(request(marked, "image/png", Transformations.builder().crop(400, 0, 10, 10).build(),
                OutputFormat.PNG, target)))
                .isInstanceOf(TransformationFailedException.class)
                .hasMessageContaining("marked.png (image/png)")
                .hasMessageContaining("crop [400, 0, 10, 10] lies outside the 400x300 image");
        assertThat(target).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource({"90, 150, 20, 150, 380", "180, 380, 150, 20, 150", "270, 150, 380, 150, 20", "-90, 150, 380, 150, 20"})
    void rotateTurnsClockwise(int degrees, int whiteX, int whiteY, int blackX, int blackY) {
        Path turned = transform(marked, Transformations.builder().rotate(degrees).build());

        assertThat(size(turned)).isEqualTo(degrees == 180 ? new Size(400, 300) : new Size(300, 400));
        assertThat(pixel(turned, whiteX, whiteY)).containsExactly(WHITE);
        assertThat(pixel(turned, blackX, blackY)).containsExactly(BLACK);
    }

    @Test
    void stepsRunInTheOrderGiven() {
        assertThat(size(transform(photo, Transformations.builder().crop(0, 0, 2000, 3000).resizeToLimit(100, 100).build())))
                .isEqualTo(new Size(67, 100));
        assertThat(size(transform(photo, Transformations.builder().resizeToLimit(400, 400).crop(0, 0, 100, 200).build())))
                .isEqualTo(new Size(100, 200));
        assertThat(size(transform(photo, Transformations.builder().resizeToLimit(400, 400).rotate(90).build())))
                .isEqualTo(new Size(300, 400));
    }

    @Test
    void turnsAnImageUprightAsItsExifOrientationSaysBeforeAnyStep() throws IOException {
        Path sideways = Fixtures.write(folder.resolve("sideways.jpg"), Fixtures.withOrientation(Files.readAllBytes(photo), 6));
        Path markedSideways = Fixtures.write(folder.resolve("marked-sideways.jpg"),
                Fixtures.withOrientation(Fixtures.encode(Fixtures.whiteOnTheLeft(400, 300, 100), "jpg"), 6));

        // through vips_thumbnail on the file
        assertThat(size(transform(sideways, Transformations.builder().resizeToLimit(400, 400).build()))).isEqualTo(new Size(300, 400));
        // turned by the processor itself, when no resize comes first
        Path upright = transform(markedSideways, Transformations.builder().build());
        assertThat(size(upright)).isEqualTo(new Size(300, 400));
        assertThat(pixel(upright, 150, 20)).satisfies(p -> assertThat(p[0]).isGreaterThan(240));
        assertThat(pixel(upright, 150, 380)).satisfies(p -> assertThat(p[0]).isLessThan(15));
        Path topBand = transform(markedSideways, Transformations.builder().crop(0, 0, 300, 90).build());
        assertThat(size(topBand)).isEqualTo(new Size(300, 90));
        assertThat(pixel(topBand, 150, 45)).satisfies(p -> assertThat(p[0]).isGreaterThan(240));
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void writesEachFormatAsItsMagicBytesSay(OutputFormat format) throws IOException {
        Path target = transform(photo, Transformations.builder().resizeToLimit(64, 64).build(), format);

        byte[] head = Arrays.copyOf(Files.readAllBytes(target), 12);
        String ascii = new String(head, StandardCharsets.ISO_8859_1);
        switch (format) {
            case JPEG -> assertThat(head).startsWith(0xFF, 0xD8, 0xFF);
            case PNG -> assertThat(head).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n');
            case WEBP -> assertThat(ascii).startsWith("RIFF").endsWith("WEBP");
            case AVIF -> assertThat(ascii.substring(4)).isEqualTo("ftypavif");
            case GIF -> assertThat(ascii).startsWith("GIF8");
        }
        assertThat(size(target)).isEqualTo(new Size(64, 48));
    }

    @ParameterizedTest
    @CsvSource({"png, image/png", "webp, image/webp", "gif, image/gif", "tif, image/tiff", "avif, image/avif"})
    void readsEachAllowedFormat(String extension, String contentType) {
        Path source = VipsCli.copy(medium, folder.resolve("medium." + extension));

        Path target = folder.resolve("variant");
        PROCESSOR.transform(request(source, contentType, Transformations.builder().resizeToLimit(400, 400).build(), OutputFormat.PNG, target));

        assertThat(size(target)).isEqualTo(new Size(400, 300));
    }

    @Test
    void writesAnImageWithTransparencyAsJpegOnWhite() {
        Path transparent = Fixtures.write(folder.resolve("transparent.png"), Fixtures.transparent(40, 30), "png");

        Path jpeg = transform(transparent, Transformations.builder().build(), OutputFormat.JPEG);

        assertThat(Decoded.bands(jpeg)).isEqualTo(3);
        assertThat(pixel(jpeg, 20, 15)).containsExactly(WHITE);
    }

    @Test
    void readsTheFirstFrameOfAnAnimation() {
        Path animation = Fixtures.write(folder.resolve("animation.gif"), Fixtures.animatedGif(Fixtures.whiteOnTheLeft(40, 30, 40),
                Fixtures.whiteOnTheLeft(40, 30, 0), Fixtures.whiteOnTheLeft(40, 30, 0)));

        Path target = folder.resolve("variant");
        PROCESSOR.transform(request(animation, "image/gif", Transformations.builder().resizeToLimit(100, 100).build(), OutputFormat.PNG, target));

        assertThat(size(target)).isEqualTo(new Size(40, 30));
        assertThat(pixel(target, 20, 15)).containsExactly(WHITE);
    }

    @Test
    void qualityTradesSizeForFidelity() throws IOException {
        Path noise = Fixtures.write(folder.resolve("noise.png"), Fixtures.noise(300, 200), "png");

        for (OutputFormat format : new OutputFormat[] {OutputFormat.JPEG, OutputFormat.WEBP, OutputFormat.AVIF}) {
            long low = Files.size(transform(noise, Transformations.builder().quality(10).build(), format));
            long high = Files.size(transform(noise, Transformations.builder().quality(95).build(), format));
            assertThat(low).as(format.name()).isLessThan(high / 2);
        }
    }

    @Test
    void stripDropsTheMetadata() throws IOException {
        Path withExif = Fixtures.write(folder.resolve("exif.jpg"),
                Fixtures.withOrientation(Fixtures.encode(Fixtures.whiteOnTheLeft(40, 30, 10), "jpg"), 1));

        String kept = new String(Files.readAllBytes(transform(withExif, Transformations.builder().build(), OutputFormat.JPEG)),
                StandardCharsets.ISO_8859_1);
        String stripped = new String(Files.readAllBytes(transform(withExif, Transformations.builder().strip(true).build(),
                OutputFormat.JPEG)), StandardCharsets.ISO_8859_1);

        assertThat(kept).contains("Exif\0\0");
        assertThat(stripped).doesNotContain("Exif\0\0");
    }

    private Path transform(Path source, Transformations transformations) {
        return transform(source, transformations, OutputFormat.PNG);
    }

    private Path transform(Path source, Transformations transformations, OutputFormat format) {
        Path target = folder.resolve("variant-" + System.nanoTime());
        String contentType = source.toString().endsWith(".png") ? "image/png" : "image/jpeg";
        PROCESSOR.transform(request(source, contentType, transformations, format, target));
        return target;
    }

    static TransformRequest request(Path source, String contentType, Transformations transformations, OutputFormat format, Path target) {
        return new TransformRequest(source, contentType, transformations, format, target, ProcessingLimits.DEFAULTS);
    }
}

package dev.affix.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.variant.Gravity;
import dev.affix.variant.OutputFormat;
import dev.affix.variant.ProcessingLimits;
import dev.affix.variant.Rgba;
import dev.affix.variant.TransformRequest;
import dev.affix.variant.TransformationFailedException;
import dev.affix.variant.Transformations;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaVariantProcessorTest {

    private static final int RED = 0xff0000;
    private static final int BLUE = 0x0000ff;

    private final JavaVariantProcessor processor = new JavaVariantProcessor();

    @TempDir
    Path folder;

    @Test
    void readsTheAnalyzersFormatsAndNeverSvg() {
        assertThat(processor.name()).isEqualTo("java");
        for (String type : List.of("image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp", "image/tiff")) {
            assertThat(processor.reads(type)).as(type).isTrue();
        }
        for (String type : List.of("image/svg+xml", "image/avif", "image/heic", "application/pdf", "application/postscript")) {
            assertThat(processor.reads(type)).as(type).isFalse();
        }
    }

    @Test
    void writesJpegPngAndGifButNotWebpOrAvif() {
        assertThat(processor.writes(OutputFormat.JPEG)).isTrue();
        assertThat(processor.writes(OutputFormat.PNG)).isTrue();
        assertThat(processor.writes(OutputFormat.GIF)).isTrue();
        assertThat(processor.writes(OutputFormat.WEBP)).isFalse();
        assertThat(processor.writes(OutputFormat.AVIF)).isFalse();
    }

    @Test
    void resizeToLimitShrinksKeepingTheAspectRatioAndNeverEnlarges() {
        Path large = png("large.png", Fixtures.gradient(400, 300));
        Path small = png("small.png", Fixtures.gradient(50, 40));
        Transformations limit = Transformations.builder().resizeToLimit(100, 100).build();

        assertSize(read(transform(large, "image/png", limit, OutputFormat.PNG)), 100, 75);
        assertSize(read(transform(small, "image/png", limit, OutputFormat.PNG)), 50, 40);
    }

    @Test
    void aLargeJpegDecodedSubsampledGetsTheExactSizeOfAFullDecode() {
        // 4000x3000 to 400x300 is decoded at 800x600 (one pixel in 5); 3001 rows must still give 300, not 301 or 299
        Path photo = write("photo.jpg", Fixtures.encode(Fixtures.gradient(4000, 3001), "jpg"));
        BufferedImage thumb = read(transform(photo, "image/jpeg", Transformations.builder().resizeToLimit(400, 400).build(),
                OutputFormat.JPEG));

        assertSize(thumb, 400, 300);
        // the gradient survives: red grows to the right, green downwards
        assertThat(red(thumb.getRGB(395, 150))).isGreaterThan(240);
        assertThat(red(thumb.getRGB(5, 150))).isLessThan(15);
        assertThat(green(thumb.getRGB(200, 295))).isGreaterThan(240);
    }

    @Test
    void resizeToFitEnlargesASmallerImage() {
        Path small = png("small.png", Fixtures.gradient(50, 40));

        assertSize(read(transform(small, "image/png", Transformations.builder().resizeToFit(100, 100).build(), OutputFormat.PNG)), 100, 80);
    }

    @Test
    void resizeToFillCoversThenCropsAtTheGravity() {
        Path halves = png("halves.png", halves(200, 100));

        BufferedImage west = read(transform(halves, "image/png", fill(Gravity.WEST), OutputFormat.PNG));
        BufferedImage east = read(transform(halves, "image/png", fill(Gravity.EAST), OutputFormat.PNG));
        BufferedImage centre = read(transform(halves, "image/png", fill(Gravity.CENTRE), OutputFormat.PNG));

        // the filter blends a few pixels either side of the red-blue edge, which west and east put at a side
        assertSize(west, 50, 50);
        assertThat(rgb(west, 2, 25)).isEqualTo(RED);
        assertThat(rgb(west, 40, 25)).isEqualTo(RED);
        assertThat(rgb(east, 10, 25)).isEqualTo(BLUE);
        assertThat(rgb(east, 47, 25)).isEqualTo(BLUE);
        assertSize(centre, 50, 50);
        assertThat(rgb(centre, 2, 25)).isEqualTo(RED);
        assertThat(rgb(centre, 47, 25)).isEqualTo(BLUE);
    }

    @Test
    void resizeAndPadFitsThenPadsWithTheBackgroundAtTheGravity() {
        Path red = png("red.png", Fixtures.solid(200, 100, RED));
        Rgba blue = new Rgba(0, 0, 255, 255);

        BufferedImage north = read(transform(red, "image/png", pad(blue, Gravity.NORTH), OutputFormat.PNG));
        BufferedImage south = read(transform(red, "image/png", pad(blue, Gravity.SOUTH), OutputFormat.PNG));

        assertSize(north, 100, 100);
        assertThat(rgb(north, 50, 10)).isEqualTo(RED);
        assertThat(rgb(north, 50, 90)).isEqualTo(BLUE);
        assertThat(north.getColorModel().hasAlpha()).isFalse();
        assertThat(rgb(south, 50, 10)).isEqualTo(BLUE);
        assertThat(rgb(south, 50, 90)).isEqualTo(RED);
    }

    @Test
    void aTransparentPadKeepsItsAlphaInPngAndTurnsWhiteInJpeg() {
        Path red = png("red.png", Fixtures.solid(200, 100, RED));
        Transformations transparentPad = pad(Rgba.TRANSPARENT, Gravity.CENTRE);

        BufferedImage png = read(transform(red, "image/png", transparentPad, OutputFormat.PNG));
        BufferedImage jpeg = read(transform(red, "image/png", transparentPad, OutputFormat.JPEG));

        assertThat(png.getColorModel().hasAlpha()).isTrue();
        assertThat(png.getRGB(50, 5) >>> 24).isZero();
        assertThat(png.getRGB(50, 50)).isEqualTo(0xff000000 | RED);
        assertClose(jpeg.getRGB(50, 5), 0xffffff);
        assertClose(jpeg.getRGB(50, 50), RED);
    }

    @Test
    void aJpegOfATransparentImageIsFlattenedOnWhite() {
        BufferedImage halfTransparent = new BufferedImage(40, 20, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                halfTransparent.setRGB(x, y, x < 20 ? 0x00000000 : 0xff000000 | BLUE);
            }
        }
        Path source = png("transparent.png", halfTransparent);

        BufferedImage jpeg = read(transform(source, "image/png", Transformations.builder().build(), OutputFormat.JPEG));

        assertSize(jpeg, 40, 20);
        assertClose(jpeg.getRGB(5, 10), 0xffffff);
        assertClose(jpeg.getRGB(35, 10), BLUE);
    }

    @Test
    void cropKeepsTheRectangleClippedToTheImage() {
        Path halves = png("halves.png", halves(200, 100));

        BufferedImage inside = read(transform(halves, "image/png", Transformations.builder().crop(10, 10, 50, 30).build(), OutputFormat.PNG));
        BufferedImage clipped = read(transform(halves, "image/png", Transformations.builder().crop(150, 20, 100, 100).build(),
                OutputFormat.PNG));

        assertSize(inside, 50, 30);
        assertThat(rgb(inside, 25, 15)).isEqualTo(RED);
        assertSize(clipped, 50, 80);
        assertThat(rgb(clipped, 25, 40)).isEqualTo(BLUE);
    }

    @Test
    void aCropWhollyOutsideTheImageFailsAndWritesNothing() {
        Path halves = png("halves.png", halves(200, 100));
        Path target = folder.resolve("out.png");

        assertThatThrownBy(() -> processor.transform(request(halves, "image/png", Transformations.builder().crop(200, 0, 10, 10).build(),
                OutputFormat.PNG, target))).isInstanceOf(TransformationFailedException.class).hasMessage(
                        "crop [200, 0, 10, 10] lies outside the 200x100 image");
        assertThat(target).doesNotExist();
    }

    @Test
    void rotateTurnsClockwise() {
        Path halves = png("halves.png", halves(200, 100));

        BufferedImage quarter = read(transform(halves, "image/png", Transformations.builder().rotate(90).build(), OutputFormat.PNG));
        BufferedImage half = read(transform(halves, "image/png", Transformations.builder().rotate(180).build(), OutputFormat.PNG));
        BufferedImage threeQuarters = read(transform(halves, "image/png", Transformations.builder().rotate(270).build(), OutputFormat.PNG));

        assertSize(quarter, 100, 200);
        assertThat(rgb(quarter, 50, 10)).isEqualTo(RED); // the left side is now on top
        assertThat(rgb(quarter, 50, 190)).isEqualTo(BLUE);
        assertSize(half, 200, 100);
        assertThat(rgb(half, 10, 50)).isEqualTo(BLUE);
        assertSize(threeQuarters, 100, 200);
        assertThat(rgb(threeQuarters, 50, 10)).isEqualTo(BLUE);
    }

    @Test
    void stepsRunInOrderAfterTheImageIsTurnedUpright() {
        // stored 200x100 with red on the left; EXIF 6 shows it turned clockwise: 100x200, red on top
        byte[] jpeg = Fixtures.jpegWithOrientation(Fixtures.encode(halves(200, 100), "jpg"), 6);
        Path source = write("turned.jpg", jpeg);

        BufferedImage upright = read(transform(source, "image/jpeg", Transformations.builder().build(), OutputFormat.PNG));
        BufferedImage topHalf = read(transform(source, "image/jpeg", Transformations.builder().crop(0, 0, 100, 100).resizeToLimit(40, 40)
                .build(), OutputFormat.PNG));

        assertSize(upright, 100, 200);
        assertClose(upright.getRGB(50, 10), RED);
        assertClose(upright.getRGB(50, 190), BLUE);
        assertSize(topHalf, 40, 40);
        assertClose(topHalf.getRGB(20, 20), RED);
    }

    @Test
    void greyLevelsKeepTheirValueInsteadOfBeingLightened() {
        // readers label grey files with Java's linear grey colour space; converted through it, level 128 would become 188
        BufferedImage grey = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                grey.getRaster().setSample(x, y, 0, 128);
            }
        }
        Path png = png("grey.png", grey);
        Path jpeg = write("grey.jpg", Fixtures.encode(grey, "jpg"));

        assertClose(read(transform(png, "image/png", Transformations.builder().resizeToLimit(20, 20).build(), OutputFormat.PNG))
                .getRGB(10, 7), 0x808080);
        assertClose(read(transform(jpeg, "image/jpeg", Transformations.builder().build(), OutputFormat.JPEG)).getRGB(10, 7), 0x808080);
    }

    @Test
    void eachOutputFormatIsWrittenAsItself() throws IOException {
        Path source = png("gradient.png", Fixtures.gradient(60, 40));

        assertThat(magic(transform(source, "image/png", Transformations.builder().build(), OutputFormat.JPEG), 3))
                .containsExactly(0xFF, 0xD8, 0xFF);
        assertThat(magic(transform(source, "image/png", Transformations.builder().build(), OutputFormat.PNG), 8))
                .containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        assertThat(magic(transform(source, "image/png", Transformations.builder().build(), OutputFormat.GIF), 6))
                .containsExactly('G', 'I', 'F', '8', '9', 'a');
    }

    @Test
    void aFormatItDoesNotWriteIsRefusedBeforeReading() {
        Path source = png("gradient.png", Fixtures.gradient(60, 40));

        assertThatThrownBy(() -> transform(source, "image/png", Transformations.builder().build(), OutputFormat.WEBP))
                .isInstanceOf(TransformationFailedException.class).hasMessage("the java variant processor does not write webp images");
    }

    @Test
    void theJpegQualityIsApplied() throws IOException {
        Path source = png("gradient.png", Fixtures.gradient(300, 200));

        long low = Files.size(transform(source, "image/png", Transformations.builder().quality(10).build(), OutputFormat.JPEG));
        long high = Files.size(transform(source, "image/png", Transformations.builder().quality(95).build(), OutputFormat.JPEG));

        assertThat(low).isLessThan(high / 2);
    }

    @Test
    void noMetadataOfTheOriginalIsCopied() throws IOException {
        byte[] comment = "a secret in a comment".getBytes(StandardCharsets.ISO_8859_1);
        byte[] jpeg = Fixtures.insertJpegSegment(Fixtures.jpegWithOrientation(Fixtures.encode(Fixtures.gradient(60, 40), "jpg"), 3), 0xFE,
                comment);
        Path source = write("commented.jpg", jpeg);

        byte[] output = Files.readAllBytes(transform(source, "image/jpeg", Transformations.builder().strip(false).build(), OutputFormat.JPEG));

        String text = new String(output, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("a secret").doesNotContain("Exif");
    }

    @Test
    void aPixelFloodIsRefusedFromItsHeaderBeforeDecoding() {
        Path flood = write("flood.png", Fixtures.pngHeaderOnly(100_000, 100_000));
        Path target = folder.resolve("out.png");

        assertThatThrownBy(() -> processor.transform(request(flood, "image/png", Transformations.builder().resizeToLimit(100, 100).build(),
                OutputFormat.PNG, target))).isInstanceOf(TransformationFailedException.class)
                .hasMessage("the PNG header gives 10000000000 pixels (100000x100000), more than the limit of 100000000; nothing was decoded");
        assertThat(target).doesNotExist();
    }

    @Test
    void theLimitComesFromTheRequest() {
        Path source = png("gradient.png", Fixtures.gradient(60, 40));
        ProcessingLimits small = new ProcessingLimits(2399, Duration.ofSeconds(30));

        assertThatThrownBy(() -> processor.transform(new TransformRequest(source, "image/png", Transformations.builder().build(),
                OutputFormat.PNG, folder.resolve("out.png"), small))).isInstanceOf(TransformationFailedException.class)
                .hasMessageContaining("2400 pixels (60x40), more than the limit of 2399");
    }

    @Test
    void aTruncatedJpegFailsInsteadOfComingOutGrey() {
        byte[] jpeg = Fixtures.encode(Fixtures.gradient(300, 200), "jpg");
        Path truncated = write("truncated.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
        Path target = folder.resolve("out.jpg");

        assertThatThrownBy(() -> processor.transform(request(truncated, "image/jpeg", Transformations.builder().build(), OutputFormat.JPEG,
                target))).isInstanceOf(TransformationFailedException.class)
                .hasMessageStartingWith("the JPEG file is truncated or corrupt:").hasMessageContaining("premature end");
        assertThat(target).doesNotExist();
    }

    @Test
    void aTruncatedPngFails() {
        byte[] png = Fixtures.encode(Fixtures.gradient(300, 200), "png");
        Path truncated = write("truncated.png", Arrays.copyOf(png, png.length / 2));

        assertThatThrownBy(() -> transform(truncated, "image/png", Transformations.builder().build(), OutputFormat.PNG))
                .isInstanceOf(TransformationFailedException.class).hasMessageStartingWith("the PNG image could not be transformed:");
    }

    @Test
    void anSvgIsNeverRasterisedWhateverItIsLabelled() {
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>"
                .getBytes(StandardCharsets.UTF_8);
        Path file = write("image.svg", svg);

        assertThatThrownBy(() -> transform(file, "image/svg+xml", Transformations.builder().build(), OutputFormat.PNG))
                .isInstanceOf(TransformationFailedException.class)
                .hasMessageStartingWith("the java variant processor does not read image/svg+xml");
        assertThatThrownBy(() -> transform(file, "image/png", Transformations.builder().build(), OutputFormat.PNG))
                .isInstanceOf(TransformationFailedException.class).hasMessageContaining("the bytes are not a PNG image");
    }

    @Test
    void anAnimatedGifGivesItsFirstFrame() throws IOException {
        Path gif = write("animated.gif", animatedGif(40, 30, 60));

        BufferedImage first = read(transform(gif, "image/gif", Transformations.builder().resizeToLimit(20, 20).build(), OutputFormat.PNG));

        assertSize(first, 20, 15);
        assertThat(rgb(first, 10, 7)).isEqualTo(RED);
    }

    @Test
    void aTransformationPastItsTimeLimitIsStoppedAndFails() {
        Path photo = write("photo.jpg", Fixtures.encode(Fixtures.gradient(2000, 1500), "jpg"));
        ProcessingLimits instant = new ProcessingLimits(100_000_000L, Duration.ofMillis(1));

        assertThatThrownBy(() -> processor.transform(new TransformRequest(photo, "image/jpeg", Transformations.builder().resizeToLimit(100, 100)
                .build(), OutputFormat.JPEG, folder.resolve("out.jpg"), instant))).isInstanceOf(TransformationFailedException.class)
                .hasMessage("transforming the JPEG image took longer than the time limit (1 ms); it was stopped");
    }

    @Test
    void eightTransformationsAtOnceEachGetTheirOwnResult() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<BufferedImage>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int width = 300 + 40 * i;
                int colour = i % 2 == 0 ? RED : BLUE;
                Path source = write("source-" + i + ".jpg", Fixtures.encode(Fixtures.solid(width, 200, colour), "jpg"));
                Path target = folder.resolve("out-" + i + ".png");
                results.add(threads.submit(() -> {
                    start.await();
                    processor.transform(request(source, "image/jpeg", Transformations.builder().resizeToFit(width / 2, 1000).build(),
                            OutputFormat.PNG, target));
                    return read(target);
                }));
            }
            start.countDown();
            for (int i = 0; i < 8; i++) {
                BufferedImage result = results.get(i).get();
                assertSize(result, (300 + 40 * i) / 2, 100);
                assertClose(result.getRGB(10, 50), i % 2 == 0 ? RED : BLUE);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void writesTheTargetAndNothingElse() throws IOException {
        Path sources = Files.createDirectory(folder.resolve("sources"));
        Path targets = Files.createDirectory(folder.resolve("targets"));
        Path source = Files.write(sources.resolve("photo.jpg"), Fixtures.encode(Fixtures.gradient(800, 600), "jpg"));

        processor.transform(request(source, "image/jpeg", Transformations.builder().resizeToFill(100, 100).build(), OutputFormat.JPEG,
                targets.resolve("variant.jpg")));

        try (Stream<Path> written = Files.list(targets); Stream<Path> beside = Files.list(sources)) {
            assertThat(written).containsExactly(targets.resolve("variant.jpg"));
            assertThat(beside).containsExactly(source);
        }
    }

    private static Transformations fill(Gravity gravity) {
        return Transformations.builder().resizeToFill(50, 50, gravity).build();
    }

    private static Transformations pad(Rgba background, Gravity gravity) {
        return Transformations.builder().step(new Transformations.ResizeAndPad(100, 100, background, gravity)).build();
    }

    /** Red on the left half, blue on the right. */
    private static BufferedImage halves(int width, int height) {
        return Fixtures.image(width, height, (x, y) -> x < width / 2 ? RED : BLUE);
    }

    /** A GIF of {@code frames} frames: the first red, the others blue. */
    private static byte[] animatedGif(int width, int height, int frames) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames; i++) {
                writer.writeToSequence(new IIOImage(Fixtures.solid(width, height, i == 0 ? RED : BLUE), null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private Path transform(Path source, String contentType, Transformations transformations, OutputFormat format) {
        Path target = folder.resolve("out-" + System.nanoTime() + "." + format.extension());
        processor.transform(request(source, contentType, transformations, format, target));
        return target;
    }

    private static TransformRequest request(Path source, String contentType, Transformations transformations, OutputFormat format,
            Path target) {
        return new TransformRequest(source, contentType, transformations, format, target, ProcessingLimits.DEFAULTS);
    }

    private Path png(String name, BufferedImage image) {
        return write(name, Fixtures.encode(image, "png"));
    }

    private Path write(String name, byte[] bytes) {
        return Fixtures.write(folder, name, bytes);
    }

    private static BufferedImage read(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            assertThat(image).as("an image in %s", file).isNotNull();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] magic(Path file, int length) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int[] magic = new int[length];
        for (int i = 0; i < length; i++) {
            magic[i] = bytes[i] & 0xff;
        }
        return magic;
    }

    private static void assertSize(BufferedImage image, int width, int height) {
        assertThat(image.getWidth() + "x" + image.getHeight()).isEqualTo(width + "x" + height);
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }

    private static int red(int rgb) {
        return (rgb >> 16) & 0xff;
    }

    private static int green(int rgb) {
        return (rgb >> 8) & 0xff;
    }

    /** Within a JPEG's error of the expected colour, channel by channel. */
    private static void assertClose(int actual, int expected) {
        for (int shift : new int[] {16, 8, 0}) {
            assertThat(Math.abs(((actual >> shift) & 0xff) - ((expected >> shift) & 0xff)))
                    .as("%06x against %06x", actual & 0xffffff, expected).isLessThanOrEqualTo(12);
        }
    }
}

package dev.affix.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.analysis.AnalysisResult;
import dev.affix.analysis.Analyzer;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile and broken files: each is analysed without hanging, without exhausting memory, and without
 * any of its bytes reaching the facts. An analyzer may fail (the pipeline logs it once and keeps the
 * other analyzers' facts); it may not do harm.
 */
class BadInputTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    private final ImageAnalyzer image = new ImageAnalyzer(ImageSettings.DEFAULTS);
    private final BlurhashAnalyzer blurhash = new BlurhashAnalyzer(ImageSettings.DEFAULTS);

    @TempDir
    Path folder;

    @Test
    void aPixelFloodIsMeasuredFromItsHeaderAndNeverDecoded() throws Exception {
        // 100000 x 100000 RGB would be 30 GB decoded; the file is 45 bytes
        Path file = Fixtures.write(folder, "flood.png", Fixtures.pngHeaderOnly(100_000, 100_000));

        assertThat(promptly(image, "image/png", file)).containsExactly(Map.entry("width", 100_000), Map.entry("height", 100_000));
        assertThat(promptly(blurhash, "image/png", file)).isEmpty();
    }

    @Test
    void thePixelLimitIsConfigurableAndInclusive() throws Exception {
        BlurhashAnalyzer limited = new BlurhashAnalyzer(new ImageSettings(12, 1_000, Duration.ofSeconds(10)));
        Path twelve = Fixtures.write(folder, "twelve.png", Fixtures.encode(Fixtures.gradient(4, 3), "png"));
        Path sixteen = Fixtures.write(folder, "sixteen.png", Fixtures.encode(Fixtures.gradient(4, 4), "png"));

        assertThat(promptly(limited, "image/png", twelve)).containsKey("blurhash");
        assertThat(promptly(limited, "image/png", sixteen)).isEmpty();
    }

    @Test
    void aGifFrameClaimingMorePixelsThanItsScreenIsNotDecoded() throws Exception {
        // a 1x1 screen whose only frame claims 65535 x 65535 pixels
        Path file = Fixtures.write(folder, "bomb.gif", Fixtures.gif(1, 1, 1, 65_535, 65_535));

        assertThat(promptly(image, "image/gif", file)).containsExactly(Map.entry("width", 1), Map.entry("height", 1));
        assertThat(promptly(blurhash, "image/gif", file)).isEmpty();
    }

    @Test
    void anAnimatedGifWithThousandsOfFramesGetsDimensionsButNoBlurhashAboveTheFrameLimit() throws Exception {
        Path file = Fixtures.write(folder, "frames.gif", Fixtures.gif(1, 1, 5_000, 1, 1));

        assertThat(promptly(image, "image/gif", file)).containsExactly(Map.entry("width", 1), Map.entry("height", 1));
        assertThat(promptly(blurhash, "image/gif", file)).isEmpty();

        BlurhashAnalyzer generous = new BlurhashAnalyzer(new ImageSettings(100_000_000, 10_000, Duration.ofSeconds(10)));
        assertThat(promptly(generous, "image/gif", file)).containsKey("blurhash");
    }

    @Test
    void aMultiPageTiffCountsItsPagesAgainstTheFrameLimit() throws Exception {
        Path file = folder.resolve("pages.tiff");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int page = 0; page < 3; page++) {
                writer.writeToSequence(new javax.imageio.IIOImage(Fixtures.solid(8, 6, 0x3366cc), null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }

        assertThat(promptly(new BlurhashAnalyzer(new ImageSettings(1_000, 2, Duration.ofSeconds(10))), "image/tiff", file)).isEmpty();
        assertThat(promptly(new BlurhashAnalyzer(new ImageSettings(1_000, 3, Duration.ofSeconds(10))), "image/tiff", file))
                .containsKey("blurhash");
    }

    @Test
    void aSubsampledFloatGreyTiffIsHashed() throws Exception {
        // TwelveMonkeys' TIFF reader 3.14.0 throws ArrayIndexOutOfBoundsException on this one
        ColorModel grey = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_FLOAT);
        WritableRaster raster = grey.createCompatibleWritableRaster(640, 480);
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) {
                raster.setSample(x, y, 0, (x + y) / 1120f);
            }
        }
        Path file = Fixtures.write(folder, "float.tiff", Fixtures.encode(new BufferedImage(grey, raster, false, null), "tiff"));

        assertThat(promptly(image, "image/tiff", file)).containsExactly(Map.entry("width", 640), Map.entry("height", 480));
        assertThat(promptly(blurhash, "image/tiff", file)).containsOnlyKeys("blurhash");
    }

    @Test
    void aTruncatedJpegKeepsItsHeaderDimensionsAndItsDecodedPart() throws Exception {
        byte[] jpeg = Fixtures.encode(noise(400, 300), "jpg");
        Path file = Fixtures.write(folder, "cut.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));

        assertThat(promptly(image, "image/jpeg", file)).containsExactly(Map.entry("width", 400), Map.entry("height", 300));
        assertThat(promptly(blurhash, "image/jpeg", file)).containsOnlyKeys("blurhash");
    }

    @Test
    void aTruncatedPngKeepsItsHeaderDimensionsAndGetsNoBlurhash() throws Exception {
        byte[] png = Fixtures.encode(noise(400, 300), "png");
        Path file = Fixtures.write(folder, "cut.png", Arrays.copyOf(png, png.length / 2));

        assertThat(promptly(image, "image/png", file)).containsExactly(Map.entry("width", 400), Map.entry("height", 300));
        assertFailsPromptly(blurhash, "image/png", file);
    }

    @ParameterizedTest
    @CsvSource({"jpg, image/jpeg", "png, image/png", "gif, image/gif", "bmp, image/bmp", "tiff, image/tiff"})
    void aFileCutInsideItsHeaderIsRefused(String format, String contentType) throws Exception {
        byte[] whole = Fixtures.encode(Fixtures.gradient(40, 30), format);
        Path file = Fixtures.write(folder, "cut." + format, Arrays.copyOf(whole, 12));

        assertFailsPromptly(image, contentType, file);
        assertFailsPromptly(blurhash, contentType, file);
    }

    @ParameterizedTest
    @CsvSource({"jpg, image/jpeg", "png, image/png", "gif, image/gif", "bmp, image/bmp", "tiff, image/tiff"})
    void aFileWhoseBodyIsGarbageDoesNoHarm(String format, String contentType) throws Exception {
        byte[] whole = Fixtures.encode(Fixtures.gradient(40, 30), format);
        byte[] garbage = whole.clone();
        Random random = new Random(format.hashCode());
        for (int i = 40; i < garbage.length; i++) {
            garbage[i] = (byte) random.nextInt();
        }
        Path file = Fixtures.write(folder, "garbage." + format, garbage);

        for (Analyzer analyzer : new Analyzer[] {image, blurhash}) {
            long started = System.nanoTime();
            try {
                AnalysisResult result = analyzer.analyze(Fixtures.input(contentType, file));
                assertThat(result.facts().keySet()).isSubsetOf("width", "height", "blurhash");
            } catch (IOException refused) {
                // refusing the file is as good an outcome as reading what survives of it
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROMPTLY);
        }
    }

    @Test
    void aZeroByteFileIsRefused() throws Exception {
        Path file = Fixtures.write(folder, "empty.jpg", new byte[0]);

        assertThatThrownBy(() -> image.analyze(Fixtures.input("image/jpeg", file))).isInstanceOf(UnreadableImageException.class)
                .hasMessage("the bytes are not a JPEG image");
        assertThatThrownBy(() -> blurhash.analyze(Fixtures.input("image/jpeg", file))).isInstanceOf(UnreadableImageException.class);
    }

    @Test
    void bytesOfAnotherFormatThanTheDeclaredTypeAreRefusedNotGuessed() throws Exception {
        Path jpeg = Fixtures.write(folder, "really-a.jpg", Fixtures.encode(Fixtures.gradient(40, 30), "jpg"));
        Path png = Fixtures.write(folder, "really-a.png", Fixtures.encode(Fixtures.gradient(40, 30), "png"));

        assertThatThrownBy(() -> image.analyze(Fixtures.input("image/png", jpeg))).isInstanceOf(UnreadableImageException.class)
                .hasMessage("the bytes are not a PNG image");
        assertThatThrownBy(() -> blurhash.analyze(Fixtures.input("image/gif", png))).isInstanceOf(UnreadableImageException.class)
                .hasMessage("the bytes are not a GIF image");
    }

    @Test
    void anSvgWithExternalEntitiesAndScriptIsNeitherAcceptedNorReadUnderAnotherName() throws Exception {
        String svg = """
                <?xml version="1.0"?>
                <!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <svg xmlns="http://www.w3.org/2000/svg" width="4000" height="3000">
                  <image href="http://127.0.0.1:9/tracker.png"/>
                  <script>alert(1)</script>
                  <text>&secret;</text>
                </svg>
                """;
        Path file = Fixtures.write(folder, "hostile.svg", svg.getBytes(StandardCharsets.UTF_8));

        assertThat(image.accepts(Fixtures.blob("image/svg+xml"))).isFalse();
        assertThat(blurhash.accepts(Fixtures.blob("image/svg+xml"))).isFalse();
        assertThatThrownBy(() -> image.analyze(Fixtures.input("image/png", file))).isInstanceOf(UnreadableImageException.class)
                .hasMessage("the bytes are not a PNG image");
    }

    @Test
    void anExifChunkClaimingMoreBytesThanTheFileHoldsCostsOnlyTheOrientationAndNoMemory() throws Exception {
        byte[] png = Fixtures.encode(Fixtures.gradient(30, 20), "png");
        // metadata-extractor allocates a chunk's buffer at the claimed length before reading it
        byte[] forged = Fixtures.concat(ByteBuffer.allocate(4).putInt(100_000_000).array(),
                "eXIf".getBytes(StandardCharsets.ISO_8859_1), Fixtures.exifOrientation(6));
        Path file = Fixtures.write(folder, "forged.png", Fixtures.insertPngChunk(png, forged));

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        Orientation orientation = ExifOrientation.read(file, ImageFormat.PNG);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(orientation).isEqualTo(Orientation.NORMAL);
        assertThat(allocated).isLessThan(10_000_000);
        assertThat(promptly(image, "image/png", file)).containsExactly(Map.entry("width", 30), Map.entry("height", 20));
    }

    private Map<String, Object> promptly(Analyzer analyzer, String contentType, Path file) throws Exception {
        long started = System.nanoTime();
        Map<String, Object> facts = analyzer.analyze(Fixtures.input(contentType, file)).facts();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROMPTLY);
        return facts;
    }

    private void assertFailsPromptly(Analyzer analyzer, String contentType, Path file) {
        long started = System.nanoTime();
        assertThatThrownBy(() -> analyzer.analyze(Fixtures.input(contentType, file))).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROMPTLY);
    }

    private static BufferedImage noise(int width, int height) {
        Random random = new Random(7);
        return Fixtures.image(width, height, (x, y) -> random.nextInt(0x1000000));
    }
}

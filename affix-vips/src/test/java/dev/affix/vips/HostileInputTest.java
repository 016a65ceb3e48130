package dev.affix.vips;

import static dev.affix.vips.VipsVariantProcessorTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.variant.OutputFormat;
import dev.affix.variant.ProcessingLimits;
import dev.affix.variant.TransformRequest;
import dev.affix.variant.TransformationFailedException;
import dev.affix.variant.Transformations;
import dev.affix.vips.VipsCli.Size;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files made to hurt: each is refused with a clean exception, before libvips decodes what it must not, leaving nothing behind. */
class HostileInputTest {

    private static final VipsVariantProcessor PROCESSOR = new VipsVariantProcessor();
    private static final Transformations THUMBNAIL = Transformations.builder().resizeToLimit(100, 100).build();

    @TempDir
    Path sources;
    @TempDir
    Path targets;

    @Test
    void refusesAPixelFloodFromItsHeaderBeforeDecoding() {
        Path flood = Fixtures.write(sources.resolve("flood.png"), Fixtures.pngFlood(100_000, 100_000));

        assertThat(flood).hasSize(74);
        assertRefused(request(flood, "image/png", THUMBNAIL, OutputFormat.PNG, target()),
                "flood.png (image/png): it is 100000x100000, 10000000000 pixels, more than the limit of 100000000");
    }

    @Test
    void refusesAnImageAboveTheRequestsPixelLimit() {
        Path photo = VipsCli.black(sources.resolve("photo.jpg"), 4000, 3000, 3);

        assertRefused(new TransformRequest(photo, "image/jpeg", THUMBNAIL, OutputFormat.PNG, target(),
                new ProcessingLimits(1_000_000, Duration.ofSeconds(30))), "it is 4000x3000, 12000000 pixels, more than the limit of 1000000");
    }

    @Test
    void refusesAFillWhoseIntermediateImageWouldBeAFlood() {
        // 100000 pixels, but covering 1000x1000 means scaling it to 1000000x1000 first
        Path strip = VipsCli.black(sources.resolve("strip.png"), 10_000, 10, 1);

        assertRefused(request(strip, "image/png", Transformations.builder().resizeToFill(1000, 1000).build(), OutputFormat.PNG, target()),
                "resize_to_fill 1000x1000 would first scale this 10000x10 image to 1000000x1000, more than the limit of 100000000 pixels");
    }

    @Test
    void refusesATruncatedJpeg() throws IOException {
        byte[] jpeg = Fixtures.encode(Fixtures.noise(400, 300), "jpg");
        Path truncated = Fixtures.write(sources.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));

        assertRefused(request(truncated, "image/jpeg", THUMBNAIL, OutputFormat.JPEG, target()), "vips could not transform truncated.jpg");
        assertRefused(request(truncated, "image/jpeg", Transformations.builder().build(), OutputFormat.PNG, target()),
                "vips could not transform truncated.jpg");
    }

    @Test
    void refusesWhatIsNoImage() {
        Path text = Fixtures.write(sources.resolve("notes.png"), "not an image at all".getBytes(StandardCharsets.UTF_8));

        assertRefused(request(text, "image/png", THUMBNAIL, OutputFormat.PNG, target()), "libvips does not recognise notes.png as an image");
    }

    @Test
    void neverReadsSvgEvenWhenTheContentTypeLies() {
        Path svg = Fixtures.write(sources.resolve("drawing.svg"), Fixtures.svgWithScript());

        assertThat(PROCESSOR.reads("image/svg+xml")).isFalse();
        assertRefused(request(svg, "image/svg+xml", THUMBNAIL, OutputFormat.PNG, target()),
                "the vips variant processor does not read image/svg+xml");
        assertRefused(request(svg, "image/png", THUMBNAIL, OutputFormat.PNG, target()),
                "libvips would read drawing.svg (image/png) with VipsForeignLoadSvgFile, which the vips variant processor does not allow");
    }

    @Test
    void neverReadsPdfEvenWhenTheContentTypeLies() {
        Path pdf = Fixtures.write(sources.resolve("document.pdf"), Fixtures.pdf());

        assertThat(PROCESSOR.reads("application/pdf")).isFalse();
        assertRefused(request(pdf, "application/pdf", THUMBNAIL, OutputFormat.PNG, target()),
                "the vips variant processor does not read application/pdf");
        assertRefused(request(pdf, "image/jpeg", THUMBNAIL, OutputFormat.PNG, target()),
                "libvips would read document.pdf (image/jpeg) with VipsForeignLoadPdfFile, which the vips variant processor does not allow");
    }

    @Test
    void libvipsItselfBlocksTheLoadersNotAllowed() {
        Vips vips = Vips.load(new TreeSet<>(VipsVariantProcessor.LOADERS.values()), 1);
        Path svg = Fixtures.write(sources.resolve("drawing.svg"), Fixtures.svgWithScript());
        Path pdf = Fixtures.write(sources.resolve("document.pdf"), Fixtures.pdf());

        for (Path file : List.of(svg, pdf)) {
            assertThatThrownBy(() -> vips.open(file).close()).isInstanceOf(TransformationFailedException.class)
                    .hasMessageContaining("operation is blocked");
        }
    }

    @Test
    void refusesAFileWhoseNameLibvipsWouldReadOptionsFrom() {
        Path photo = Fixtures.write(sources.resolve("photo.png[shrink=2]"), Fixtures.whiteOnTheLeft(40, 30, 10), "png");

        assertRefused(request(photo, "image/png", THUMBNAIL, OutputFormat.PNG, target()),
                "the vips variant processor does not read a file whose name ends with ']'");
    }

    @Test
    void stopsAnEvaluationThatTakesTooLongAndGoesOnServingAfterwards() {
        // 100 megapixels of PNG: no shrink-on-load, every row is inflated before it is shrunk
        Path big = VipsCli.black(sources.resolve("big.png"), 10_000, 10_000, 1);

        assertRefused(new TransformRequest(big, "image/png", THUMBNAIL, OutputFormat.PNG, target(),
                new ProcessingLimits(ProcessingLimits.DEFAULTS.maxPixels(), Duration.ofMillis(20))),
                "transforming big.png (image/png) took longer than 20 ms and was stopped");

        Path small = VipsCli.black(sources.resolve("small.png"), 400, 300, 3);
        Path target = target();
        PROCESSOR.transform(request(small, "image/png", THUMBNAIL, OutputFormat.PNG, target));
        assertThat(Decoded.size(target)).isEqualTo(new Size(100, 75));
    }

    @Test
    void writesNothingButTheTarget() throws IOException {
        Path photo = Fixtures.write(sources.resolve("photo.jpg"), Fixtures.withOrientation(Fixtures.encode(Fixtures.noise(400, 300), "jpg"), 6));
        Path target = target();

        PROCESSOR.transform(request(photo, "image/jpeg", Transformations.builder().rotate(90).resizeToFill(50, 50).build(), OutputFormat.WEBP,
                target));

        try (Stream<Path> written = Files.list(targets); Stream<Path> read = Files.list(sources)) {
            assertThat(written).containsExactly(target);
            assertThat(read).containsExactly(photo);
        }
    }

    private Path target() {
        return targets.resolve("variant-" + System.nanoTime());
    }

    private static void assertRefused(TransformRequest request, String message) {
        assertThatThrownBy(() -> PROCESSOR.transform(request)).isInstanceOf(TransformationFailedException.class).hasMessageContaining(message);
        assertThat(request.target()).doesNotExist();
    }
}

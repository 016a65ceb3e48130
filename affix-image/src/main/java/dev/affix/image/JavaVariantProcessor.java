package dev.affix.image;

import dev.affix.variant.OutputFormat;
import dev.affix.variant.ProcessingLimits;
import dev.affix.variant.TransformRequest;
import dev.affix.variant.TransformationFailedException;
import dev.affix.variant.Transformations.Step;
import dev.affix.variant.VariantProcessor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The {@code java} variant processor: pure JVM, nothing installed, any JDK from 17. It reads what
 * the analyzers read ({@link ImageFormat}: JPEG, PNG, GIF, WebP, BMP, TIFF; never SVG or another
 * active format) with the same allow-listed readers, and writes JPEG, PNG and GIF with the JDK's
 * writers ({@link ImageWriters}; WebP and AVIF are not written, so Affix falls back for them).
 *
 * <p>One transformation, on a worker with the request's deadline ({@link TimedImageReads}): the header
 * is read and its pixel count checked against the limit before any pixel is decoded; the first frame
 * (of an animated GIF or a multi-page TIFF) is decoded, subsampled when the first step shrinks it to
 * less than half ({@link PixelSteps#subsampling}), which keeps a 4000x3000 photo made into a 400x300
 * thumbnail at 800x600 (2 MB instead of 48 MB); the pixels are turned upright (EXIF), the steps run
 * ({@link PixelSteps}, resampling with Lanczos-3), and the result is written to the request's target
 * and nowhere else. Metadata is never copied: the output is always stripped (no EXIF, no ICC profile,
 * no comment; the pixels are converted to sRGB when decoded). A JPEG is written from an image with
 * alpha flattened on white.
 */
public final class JavaVariantProcessor implements VariantProcessor {

    private static final int JPEG_BACKGROUND = 0xffffff;

    private final ImageReaders readers;
    private final ImageWriters writers;
    private final TimedImageReads reads;

    public JavaVariantProcessor() {
        this(new ImageReaders(), new ImageWriters());
    }

    JavaVariantProcessor(ImageReaders readers, ImageWriters writers) {
        this.readers = readers;
        this.writers = writers;
        this.reads = new TimedImageReads(readers, "the variant's time limit");
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public boolean reads(String contentType) {
        return readers.formatOf(contentType).isPresent();
    }

    @Override
    public boolean writes(OutputFormat format) {
        return writers.writes(format);
    }

    @Override
    public void transform(TransformRequest request) {
        ImageFormat format = readers.formatOf(request.contentType()).orElseThrow(() -> new TransformationFailedException(
                "the java variant processor does not read " + request.contentType() + " (it reads JPEG, PNG, GIF, WebP, BMP and TIFF)"));
        if (!writers.writes(request.format())) {
            throw new TransformationFailedException("the java variant processor does not write " + request.format().configName() + " images");
        }
        ProcessingLimits limits = request.limits();
        try {
            reads.read(request.source(), format, limits.timeout(), image -> {
                transform(image, format, request);
                return null;
            });
        } catch (ImageTimeoutException e) {
            throw new TransformationFailedException("transforming the " + format + " image took longer than the time limit ("
                    + limits.timeout().toMillis() + " ms); it was stopped", e);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new TransformationFailedException("interrupted while transforming a " + format + " image", e);
        } catch (IOException e) {
            throw new TransformationFailedException("the " + format + " image could not be transformed: " + e.getMessage(), e);
        }
    }

    private void transform(OpenImage image, ImageFormat format, TransformRequest request) throws IOException {
        ImageHeader header = image.header();
        refuseAboveLimit(header, format, request.limits());
        boolean turned = header.orientation().swapsDimensions();
        int width = turned ? header.firstFrameHeight() : header.firstFrameWidth();
        int height = turned ? header.firstFrameWidth() : header.firstFrameHeight();
        List<Step> steps = request.transformations().steps();

        Pixels decoded = image.firstFrame(PixelSteps.subsampling(steps, width, height));
        Optional<String> missing = image.missingDataWarning();
        if (missing.isPresent()) {
            throw new TransformationFailedException("the " + format + " file is truncated or corrupt: " + missing.get());
        }
        // the decoder's buffers (native ones for JPEG) are not needed for the rest
        image.close();

        Pixels result = PixelSteps.run(steps, header.orientation().apply(decoded), width, height);
        write(request.format() == OutputFormat.JPEG ? result.flattenedOn(JPEG_BACKGROUND) : result, request);
    }

    /** Refuses a file whose header gives more pixels than the limit: its screen's, or its first frame's if that claims more. */
    private static void refuseAboveLimit(ImageHeader header, ImageFormat format, ProcessingLimits limits) {
        if (header.pixels() <= limits.maxPixels()) {
            return;
        }
        boolean frameLarger = (long) header.firstFrameWidth() * header.firstFrameHeight() > (long) header.width() * header.height();
        String size = frameLarger ? header.firstFrameWidth() + "x" + header.firstFrameHeight() : header.width() + "x" + header.height();
        throw new TransformationFailedException("the " + format + " header gives " + header.pixels() + " pixels (" + size
                + "), more than the limit of " + limits.maxPixels() + "; nothing was decoded");
    }

    private void write(Pixels pixels, TransformRequest request) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            // the deadline passed while the steps ran: the target is not even created
            throw new InterruptedIOException("stopped before writing: the time limit has passed");
        }
        Path target = request.target();
        ImageWriter writer = writers.writer(request.format());
        try (ImageOutputStream out = new InterruptibleFileOutput(target.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(pixels.toImage(), null, null), parameters(writer, request));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        } finally {
            writer.dispose();
        }
    }

    /** The writer's defaults, with the requested quality for a JPEG (1-100 as libjpeg's quality, which the JDK's writer scales). */
    private static ImageWriteParam parameters(ImageWriter writer, TransformRequest request) {
        ImageWriteParam param = writer.getDefaultWriteParam();
        Integer quality = request.transformations().quality();
        if (quality != null && request.format() == OutputFormat.JPEG) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
        }
        return param;
    }
}

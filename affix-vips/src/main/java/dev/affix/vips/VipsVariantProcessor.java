package dev.affix.vips;

import dev.affix.variant.Gravity;
import dev.affix.variant.OutputFormat;
import dev.affix.variant.ProcessingLimits;
import dev.affix.variant.Rgba;
import dev.affix.variant.TransformRequest;
import dev.affix.variant.TransformationFailedException;
import dev.affix.variant.Transformations.Crop;
import dev.affix.variant.Transformations.ResizeAndPad;
import dev.affix.variant.Transformations.ResizeToFill;
import dev.affix.variant.Transformations.ResizeToFit;
import dev.affix.variant.Transformations.ResizeToLimit;
import dev.affix.variant.Transformations.Rotate;
import dev.affix.variant.Transformations.Step;
import dev.affix.variant.VariantProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.Collectors;

/**
 * The {@code vips} variant processor: libvips in this process, through the JDK's foreign-function
 * API. libvips streams: it decodes JPEG and WebP at a fraction of their size when that is all a
 * thumbnail needs (shrink-on-load), and computes only the pixels the result needs, in one pass, so a
 * photograph becomes a thumbnail without ever being decoded whole.
 *
 * <p>The semantics are ImageProcessing::Vips', which Rails uses: the image is turned upright first;
 * {@code resize_to_limit} is {@code vips_thumbnail} with {@code size: down}, {@code resize_to_fit} with
 * {@code size: both}; {@code resize_to_fill} covers the box, then keeps the box at the gravity;
 * {@code resize_and_pad} fits, then pads at the gravity with the background (adding an alpha channel
 * when the background or the image has one); {@code crop} is clipped to the image; {@code rotate}
 * turns by quarter turns. A first resize reads the file itself, so libvips can shrink on load.
 *
 * <p>The file is hostile: only the loaders of {@link #LOADERS} may run (libvips is told to block the
 * others, and the loader it would pick is checked before it runs), the size is judged from the header
 * before any pixel is decoded, and a watchdog stops the evaluation at the time limit. One instance
 * serves every thread; libvips is thread-safe once started.
 */
public final class VipsVariantProcessor implements VariantProcessor {

    /**
     * The content types read, and the libvips loader class each needs. Never SVG, PDF, PostScript,
     * ImageMagick or the scientific formats: those run scripts, fonts, interpreters or parsers that
     * were not written for hostile files.
     */
    static final Map<String, String> LOADERS = Map.of(
            "image/jpeg", "VipsForeignLoadJpeg",
            "image/png", "VipsForeignLoadPng",
            "image/webp", "VipsForeignLoadWebp",
            "image/gif", "VipsForeignLoadNsgif",
            "image/tiff", "VipsForeignLoadTiff",
            "image/avif", "VipsForeignLoadHeif",
            "image/heif", "VipsForeignLoadHeif",
            "image/heic", "VipsForeignLoadHeif");

    /**
     * Worker threads per evaluation. One: a server transforms many images at once, each on its own
     * request thread, and more would only make them compete for the same cores.
     */
    private static final int CONCURRENCY = 1;
    /** libvips' largest image side ({@code VIPS_MAX_COORD}). */
    private static final long MAX_SIDE = 10_000_000L;
    private static final double[] WHITE = {255, 255, 255};

    private final Vips vips;
    private final Set<String> readable;
    private final Set<String> allowedLoaders;
    private final Set<OutputFormat> writable = EnumSet.noneOf(OutputFormat.class);
    private final ScheduledThreadPoolExecutor watchdog;

    /**
     * Loads and sets up libvips, once per JVM.
     *
     * @throws VipsUnavailableException if libvips cannot be used here, saying why and how to install it
     */
    public VipsVariantProcessor() {
        this.vips = Vips.load(new TreeSet<>(LOADERS.values()), CONCURRENCY);
        this.readable = LOADERS.entrySet().stream().filter(e -> vips.hasClass(e.getValue())).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        // vips_foreign_find_load names the file loader, the class below the one blocked and unblocked
        this.allowedLoaders = LOADERS.values().stream().map(loader -> loader + "File").collect(Collectors.toCollection(LinkedHashSet::new));
        for (OutputFormat format : OutputFormat.values()) {
            if (vips.savesExtension(format.extension())) {
                writable.add(format);
            }
        }
        this.watchdog = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("affix-vips-watchdog").factory());
        watchdog.setRemoveOnCancelPolicy(true);
    }

    @Override
    public String name() {
        return "vips";
    }

    @Override
    public boolean reads(String contentType) {
        return readable.contains(contentType);
    }

    @Override
    public boolean writes(OutputFormat format) {
        return writable.contains(format);
    }

    @Override
    public void transform(TransformRequest request) {
        Path source = request.source();
        String file = source.getFileName() + " (" + request.contentType() + ")";
        if (!reads(request.contentType())) {
            throw new TransformationFailedException("the vips variant processor does not read " + request.contentType() + ", so it refused "
                    + source.getFileName() + " (it reads " + String.join(", ", readable) + ")");
        }
        if (!writes(request.format())) {
            throw new TransformationFailedException("this libvips cannot write " + request.format().configName() + " (it writes "
                    + writable.stream().map(OutputFormat::configName).collect(Collectors.joining(", ")) + ")");
        }
        if (source.toString().endsWith("]")) {
            // libvips would take "[...]" at the end of a file name for load options
            throw new TransformationFailedException("the vips variant processor does not read a file whose name ends with ']': " + file);
        }
        String loader = vips.loaderFor(source);
        if (!allowedLoaders.contains(loader)) {
            throw new TransformationFailedException("libvips would read " + file + " with " + loader
                    + ", which the vips variant processor does not allow (it allows " + String.join(", ", allowedLoaders) + ")");
        }
        long started = System.nanoTime();
        try (Pipeline pipeline = new Pipeline(watchdog, request.limits().timeout())) {
            try {
                process(request, pipeline);
            } catch (TransformationFailedException e) {
                if (pipeline.expired()) {
                    throw tookTooLong(file, request, e);
                }
                throw new TransformationFailedException("vips could not transform " + file + ": " + e.getMessage(), e);
            }
            // work libvips finished inside one call cannot be stopped by the watchdog: the deadline still holds
            if (pipeline.expired() || System.nanoTime() - started > request.limits().timeout().toNanos()) {
                throw tookTooLong(file, request, null);
            }
        } catch (RuntimeException e) {
            deletePartial(request.target());
            throw e;
        }
    }

    private static TransformationFailedException tookTooLong(String file, TransformRequest request, Throwable cause) {
        return new TransformationFailedException("transforming " + file + " took longer than " + request.limits().timeout().toMillis()
                + " ms and was stopped", cause);
    }

    private void process(TransformRequest request, Pipeline pipeline) {
        ProcessingLimits limits = request.limits();
        VipsImage header = pipeline.add(vips.open(request.source()));
        long pixels = (long) header.width() * header.height();
        if (pixels > limits.maxPixels()) {
            throw new TransformationFailedException("it is " + header.width() + "x" + header.height() + ", " + pixels
                    + " pixels, more than the limit of " + limits.maxPixels());
        }
        List<Step> steps = request.transformations().steps();
        // a first resize reads the file, which lets libvips shrink JPEG and WebP while decoding them
        // and turn them upright; until it has, the lazily turned header only tells the upright size
        boolean resizeFirst = !steps.isEmpty() && isResize(steps.get(0));
        VipsImage image = resizeFirst ? pipeline.add(header.autorot()) : upright(header, pipeline);
        for (int i = 0; i < steps.size(); i++) {
            Thumbnailer thumbnails = i == 0 ? (width, height, size) -> vips.thumbnail(request.source(), width, height, size)
                    : image::thumbnail;
            image = apply(steps.get(i), image, thumbnails, pipeline, limits);
        }
        if (request.format() == OutputFormat.JPEG && image.hasAlpha()) {
            image = pipeline.add(srgb(image, pipeline).flatten(WHITE));
        }
        image.save(request.target(), request.format(), request.transformations().quality(), request.transformations().strip());
    }

    /** Makes a resized copy of the image so far, or of the file before the first step. */
    @FunctionalInterface
    private interface Thumbnailer {
        VipsImage thumbnail(int width, int height, int size);
    }

    /** One step on {@code image}, upright; resizes go through {@code thumbnails}. */
    private VipsImage apply(Step step, VipsImage image, Thumbnailer thumbnails, Pipeline pipeline, ProcessingLimits limits) {
        return switch (step) {
            case ResizeToLimit s -> pipeline.add(thumbnails.thumbnail(s.width(), s.height(), Vips.SIZE_DOWN));
            case ResizeToFit s -> pipeline.add(thumbnails.thumbnail(s.width(), s.height(), Vips.SIZE_BOTH));
            case ResizeToFill s -> fill(s, image, thumbnails, pipeline, limits);
            case ResizeAndPad s -> pad(s, pipeline.add(thumbnails.thumbnail(s.width(), s.height(), Vips.SIZE_BOTH)), pipeline);
            case Crop s -> crop(s, image, pipeline);
            case Rotate s -> s.degrees() == 0 ? image : pipeline.add(inMemory(image, pipeline).rot(s.degrees() / 90));
        };
    }

    /**
     * Covers the box, then keeps the box at the gravity. The cover is a thumbnail bounded on the side
     * that fills the box, the other side left to overflow; the crop is lazy, so only the kept pixels
     * are ever computed.
     */
    private VipsImage fill(ResizeToFill step, VipsImage image, Thumbnailer thumbnails, Pipeline pipeline, ProcessingLimits limits) {
        long width = image.width();
        long height = image.height();
        boolean wider = width * step.height() >= height * step.width();
        long coverWidth = wider ? Math.ceilDiv(width * step.height(), height) : step.width();
        long coverHeight = wider ? step.height() : Math.ceilDiv(height * step.width(), width);
        if (coverWidth * coverHeight > limits.maxPixels() || Math.max(coverWidth, coverHeight) > MAX_SIDE) {
            throw new TransformationFailedException("resize_to_fill " + step.width() + "x" + step.height() + " would first scale this "
                    + width + "x" + height + " image to " + coverWidth + "x" + coverHeight + ", more than the limit of " + limits.maxPixels()
                    + " pixels");
        }
        VipsImage cover = pipeline.add(thumbnails.thumbnail((int) coverWidth, (int) coverHeight, Vips.SIZE_BOTH));
        // rounding in libvips may leave the cover a pixel short of the box on the side it fills
        int keptWidth = Math.min(step.width(), cover.width());
        int keptHeight = Math.min(step.height(), cover.height());
        Gravity gravity = step.gravity();
        return pipeline.add(cover.extractArea(Gravity.offset(gravity.horizontal(), cover.width(), keptWidth),
                Gravity.offset(gravity.vertical(), cover.height(), keptHeight), keptWidth, keptHeight));
    }

    private VipsImage pad(ResizeAndPad step, VipsImage fitted, Pipeline pipeline) {
        Rgba colour = step.background();
        VipsImage image = srgb(fitted, pipeline);
        if (colour.alpha() < 255 && !image.hasAlpha()) {
            image = pipeline.add(image.addAlpha());
        }
        double[] background = image.hasAlpha()
                ? new double[] {colour.red(), colour.green(), colour.blue(), colour.alpha()}
                : new double[] {colour.red(), colour.green(), colour.blue()};
        return pipeline.add(image.gravity(direction(step.gravity()), step.width(), step.height(), background));
    }

    private VipsImage crop(Crop step, VipsImage image, Pipeline pipeline) {
        if (step.left() >= image.width() || step.top() >= image.height()) {
            throw new TransformationFailedException("crop " + Arrays.toString(new int[] {step.left(), step.top(), step.width(), step.height()})
                    + " lies outside the " + image.width() + "x" + image.height() + " image");
        }
        int width = Math.min(step.width(), image.width() - step.left());
        int height = Math.min(step.height(), image.height() - step.top());
        return pipeline.add(image.extractArea(step.left(), step.top(), width, height));
    }

    private static boolean isResize(Step step) {
        return step instanceof ResizeToLimit || step instanceof ResizeToFit || step instanceof ResizeToFill || step instanceof ResizeAndPad;
    }

    /** The image as its EXIF orientation says it is seen; turning it reads it out of order, so from memory. */
    private static VipsImage upright(VipsImage image, Pipeline pipeline) {
        return image.orientation() == 1 ? image : pipeline.add(inMemory(image, pipeline).autorot());
    }

    /**
     * The image computed into memory: as big as it is now (after a resize, small; before one, up to
     * the pixel limit), which a rotation needs, as it reads its input in another order than the
     * decoder's top to bottom.
     */
    private static VipsImage inMemory(VipsImage image, Pipeline pipeline) {
        return pipeline.add(image.copyMemory());
    }

    /** The image as 8-bit sRGB, so that a colour given as 0-255 red, green, blue (and alpha) means what it says. */
    private static VipsImage srgb(VipsImage image, Pipeline pipeline) {
        return image.interpretation() == Vips.INTERPRETATION_SRGB ? image : pipeline.add(image.colourspace(Vips.INTERPRETATION_SRGB));
    }

    /** libvips' {@code VipsCompassDirection} for a gravity. */
    private static int direction(Gravity gravity) {
        return switch (gravity) {
            case CENTRE -> 0;
            case NORTH -> 1;
            case EAST -> 2;
            case SOUTH -> 3;
            case WEST -> 4;
            case NORTH_EAST -> 5;
            case SOUTH_EAST -> 6;
            case SOUTH_WEST -> 7;
            case NORTH_WEST -> 8;
        };
    }

    private static void deletePartial(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            // the target lies in a private directory that its caller deletes; the failure is what matters
        }
    }

    @Override
    public String toString() {
        return "vips (reads " + readable + ", writes " + writable + ")";
    }
}

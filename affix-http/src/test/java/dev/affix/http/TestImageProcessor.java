package dev.affix.http;

import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;
import dev.affix.variant.OutputFormat;
import dev.affix.variant.TransformRequest;
import dev.affix.variant.TransformationFailedException;
import dev.affix.variant.Transformations;
import dev.affix.variant.VariantProcessor;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * A variant processor for these tests only: affix-http must not depend on the image modules, so this
 * one resizes PNGs with javax.imageio and Java2D, just enough to serve real images. It counts how
 * often it is called, and can hold its calls until a test lets them go.
 */
final class TestImageProcessor implements VariantProcessor, AffixExtension {

    private final AtomicInteger calls = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public String name() {
        return "test-java2d";
    }

    @Override
    public void contribute(Contributions contributions) {
        contributions.variantProcessor(this);
    }

    @Override
    public boolean reads(String contentType) {
        return "image/png".equals(contentType);
    }

    @Override
    public boolean writes(OutputFormat format) {
        return format == OutputFormat.PNG;
    }

    /** How many transformations were asked of it, failed ones included. */
    int calls() {
        return calls.get();
    }

    /** Calls from now on wait until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    @Override
    public void transform(TransformRequest request) {
        calls.incrementAndGet();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new TransformationFailedException("the test never released the processor");
            }
            BufferedImage image = ImageIO.read(request.source().toFile());
            if (image == null) {
                throw new TransformationFailedException("the test processor cannot decode this file as a PNG");
            }
            for (Transformations.Step step : request.transformations().steps()) {
                image = apply(image, step);
            }
            ImageIO.write(image, "png", request.target().toFile());
        } catch (IOException e) {
            throw new TransformationFailedException("the test processor cannot read this PNG: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransformationFailedException("interrupted", e);
        }
    }

    private static BufferedImage apply(BufferedImage image, Transformations.Step step) {
        double width = image.getWidth();
        double height = image.getHeight();
        if (step instanceof Transformations.ResizeToLimit limit) {
            double scale = Math.min(1, Math.min(limit.width() / width, limit.height() / height));
            return resized(image, (int) Math.round(width * scale), (int) Math.round(height * scale));
        }
        if (step instanceof Transformations.ResizeToFill fill) {
            double scale = Math.max(fill.width() / width, fill.height() / height);
            BufferedImage covering = resized(image, (int) Math.ceil(width * scale), (int) Math.ceil(height * scale));
            return covering.getSubimage((covering.getWidth() - fill.width()) / 2, (covering.getHeight() - fill.height()) / 2,
                    fill.width(), fill.height());
        }
        throw new TransformationFailedException("the test processor does not do " + step.name());
    }

    private static BufferedImage resized(BufferedImage image, int width, int height) {
        BufferedImage result = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = result.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(image, 0, 0, result.getWidth(), result.getHeight(), null);
        graphics.dispose();
        return result;
    }
}

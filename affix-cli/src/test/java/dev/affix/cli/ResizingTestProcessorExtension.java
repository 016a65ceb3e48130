package dev.affix.cli;

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
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * A variant processor for the command line's tests, found with ServiceLoader as a module's would be:
 * the resizes, PNG and JPEG, with ImageIO. It stands in for affix-image's {@code java} processor,
 * which is being written beside this work; {@code variant_processor: auto} takes that one once it is
 * on the class path, and the tests' sizes hold for both.
 */
public final class ResizingTestProcessorExtension implements AffixExtension {

    @Override
    public String name() {
        return "cli-test-processor";
    }

    @Override
    public void contribute(Contributions contributions) {
        contributions.variantProcessor(new VariantProcessor() {
            @Override
            public String name() {
                return "cli-test";
            }

            @Override
            public boolean reads(String contentType) {
                return Set.of("image/png", "image/jpeg").contains(contentType);
            }

            @Override
            public boolean writes(OutputFormat format) {
                return format == OutputFormat.PNG || format == OutputFormat.JPEG;
            }

            @Override
            public void transform(TransformRequest request) {
                try {
                    BufferedImage image = ImageIO.read(request.source().toFile());
                    if (image == null) {
                        throw new TransformationFailedException("no reader decodes this " + request.contentType());
                    }
                    for (Transformations.Step step : request.transformations().steps()) {
                        image = apply(step, image);
                    }
                    ImageIO.write(image, request.format() == OutputFormat.PNG ? "png" : "jpeg", request.target().toFile());
                } catch (IOException e) {
                    throw new TransformationFailedException("the image is unreadable: " + e.getMessage(), e);
                }
            }
        });
    }

    private static BufferedImage apply(Transformations.Step step, BufferedImage image) {
        double w = image.getWidth();
        double h = image.getHeight();
        if (step instanceof Transformations.ResizeToLimit limit) {
            return w <= limit.width() && h <= limit.height() ? image : scaled(image, Math.min(limit.width() / w, limit.height() / h), 0, 0);
        }
        if (step instanceof Transformations.ResizeToFit fit) {
            return scaled(image, Math.min(fit.width() / w, fit.height() / h), 0, 0);
        }
        if (step instanceof Transformations.ResizeToFill fill) {
            return scaled(image, Math.max(fill.width() / w, fill.height() / h), fill.width(), fill.height());
        }
        throw new TransformationFailedException("the test processor does not do " + step.name());
    }

    /** Scales by {@code factor}, onto a canvas of exactly width x height (centred) unless those are 0. */
    private static BufferedImage scaled(BufferedImage image, double factor, int width, int height) {
        int scaledWidth = Math.max(1, (int) Math.round(image.getWidth() * factor));
        int scaledHeight = Math.max(1, (int) Math.round(image.getHeight() * factor));
        int canvasWidth = width == 0 ? scaledWidth : width;
        int canvasHeight = height == 0 ? scaledHeight : height;
        BufferedImage result = new BufferedImage(canvasWidth, canvasHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = result.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, (canvasWidth - scaledWidth) / 2, (canvasHeight - scaledHeight) / 2, scaledWidth, scaledHeight, null);
        g.dispose();
        return result;
    }
}

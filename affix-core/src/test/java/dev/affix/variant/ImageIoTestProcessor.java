package dev.affix.variant;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * A small variant processor on the JDK's own ImageIO, for the core's tests: the core must not depend
 * on the image modules that hold the real processors. It reads PNG, honours resize_to_limit and
 * resize_to_fill, writes PNG, and counts its transformations; it can be made to fail or to wait.
 */
final class ImageIoTestProcessor implements VariantProcessor {

    final AtomicInteger transformations = new AtomicInteger();
    volatile boolean failing;
    volatile CountDownLatch gate;

    @Override
    public String name() {
        return "imageio-test";
    }

    @Override
    public boolean reads(String contentType) {
        return contentType.equals("image/png");
    }

    @Override
    public boolean writes(OutputFormat format) {
        return format == OutputFormat.PNG;
    }

    @Override
    public void transform(TransformRequest request) {
        transformations.incrementAndGet();
        try {
            CountDownLatch wait = gate;
            if (wait != null) {
                wait.await();
            }
            if (failing) {
                throw new TransformationFailedException("the test processor was told to fail");
            }
            BufferedImage source = ImageIO.read(request.source().toFile());
            if (source == null) {
                throw new TransformationFailedException("not a PNG");
            }
            int width = source.getWidth();
            int height = source.getHeight();
            for (Transformations.Step step : request.transformations().steps()) {
                if (step instanceof Transformations.ResizeToLimit limit) {
                    double scale = Math.min(1, Math.min((double) limit.width() / width, (double) limit.height() / height));
                    width = (int) Math.round(width * scale);
                    height = (int) Math.round(height * scale);
                } else if (step instanceof Transformations.ResizeToFill fill) {
                    width = fill.width();
                    height = fill.height();
                }
            }
            BufferedImage result = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = result.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, width, height, null);
            g.dispose();
            ImageIO.write(result, "png", request.target().toFile());
        } catch (IOException e) {
            throw new TransformationFailedException("the test processor could not read or write: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransformationFailedException("interrupted", e);
        }
    }
}

package dev.affix.demo;

import dev.affix.variant.Transformations;
import java.util.Map;
import java.util.Optional;

/**
 * The image a page draws for a file: one of its declared variants (a preview's variant for a PDF or a
 * video), never the original. Its URLs make nothing: the image is made by the first request for it.
 *
 * @param src    the representation's proxy URL
 * @param srcset the same at 1x, and made at twice the size for dense screens at 2x
 * @param width  the width the analysed size predicts, or 0 while it is not known (before analysis)
 * @param height likewise
 * @param ready   whether the image has been made already (else the first view makes it)
 * @param preview whether it is drawn from a preview (a PDF's first page, a video's frame) rather than an image
 */
public record Thumbnail(String src, String srcset, int width, int height, boolean ready, boolean preview) {

    /** Whether the page can reserve the image's box before it loads. */
    public boolean sized() {
        return width > 0 && height > 0;
    }

    /** A width and height in pixels. */
    record Size(int width, int height) {
    }

    /**
     * The size the transformations give a file of the analysed {@code width} and {@code height} (shown
     * upright, as the analyzers report them), if the metadata has them.
     */
    static Optional<Size> predictedSize(Map<String, Object> metadata, Transformations transformations) {
        if (!(metadata.get("width") instanceof Number w) || !(metadata.get("height") instanceof Number h)
                || w.doubleValue() < 1 || h.doubleValue() < 1) {
            return Optional.empty();
        }
        double width = w.doubleValue();
        double height = h.doubleValue();
        for (Transformations.Step step : transformations.steps()) {
            if (step instanceof Transformations.ResizeToLimit limit) {
                double scale = Math.min(1, Math.min(limit.width() / width, limit.height() / height));
                width *= scale;
                height *= scale;
            } else if (step instanceof Transformations.ResizeToFit fit) {
                double scale = Math.min(fit.width() / width, fit.height() / height);
                width *= scale;
                height *= scale;
            } else if (step instanceof Transformations.ResizeToFill fill) {
                width = fill.width();
                height = fill.height();
            } else if (step instanceof Transformations.ResizeAndPad pad) {
                width = pad.width();
                height = pad.height();
            } else if (step instanceof Transformations.Crop crop) {
                width = Math.min(crop.width(), width - crop.left());
                height = Math.min(crop.height(), height - crop.top());
            } else if (step instanceof Transformations.Rotate rotate && rotate.degrees() % 180 != 0) {
                double turned = width;
                width = height;
                height = turned;
            }
        }
        long roundedWidth = Math.round(width);
        long roundedHeight = Math.round(height);
        return roundedWidth < 1 || roundedHeight < 1 ? Optional.empty() : Optional.of(new Size((int) roundedWidth, (int) roundedHeight));
    }
}

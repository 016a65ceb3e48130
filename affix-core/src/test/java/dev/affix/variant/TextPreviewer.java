package dev.affix.variant;

import dev.affix.blob.Blob;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/** A previewer for the core's tests: draws any text file as a blank 600 x 300 PNG, counting its previews. */
final class TextPreviewer implements Previewer {

    final AtomicInteger previews = new AtomicInteger();

    @Override
    public String name() {
        return "text-test";
    }

    @Override
    public boolean accepts(Blob blob) {
        return blob.contentType().startsWith("text/plain");
    }

    @Override
    public OutputFormat preview(PreviewRequest request) {
        previews.incrementAndGet();
        try {
            ImageIO.write(new BufferedImage(600, 300, BufferedImage.TYPE_INT_RGB), "png", request.target().toFile());
            return OutputFormat.PNG;
        } catch (IOException e) {
            throw new TransformationFailedException("could not draw: " + e.getMessage(), e);
        }
    }
}

package dev.affix.vips;

import dev.affix.vips.VipsCli.Size;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A result read back with the JDK's ImageIO (PNG, JPEG, GIF): a second opinion that does not go
 * through libvips, and no process start per look. Other formats are read with {@link VipsCli}.
 */
final class Decoded {

    private Decoded() {
    }

    static Size size(Path image) {
        try (ImageInputStream input = ImageIO.createImageInputStream(image.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return VipsCli.size(image);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input);
                return new Size(reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int bands(Path image) {
        return read(image).getRaster().getNumBands();
    }

    /** The values of the pixel at (x, y), one per band. */
    static int[] pixel(Path image, int x, int y) {
        BufferedImage decoded = read(image);
        return decoded.getRaster().getPixel(x, y, new int[decoded.getRaster().getNumBands()]);
    }

    private static BufferedImage read(Path image) {
        try {
            BufferedImage decoded = ImageIO.read(image.toFile());
            if (decoded == null) {
                throw new AssertionError(image + " is no image ImageIO reads");
            }
            return decoded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.affix.image;

import java.awt.image.BufferedImage;

/**
 * A small decoded image as packed sRGB values ({@code 0xRRGGBB}, row after row), what a blurhash is
 * computed from.
 *
 * @param rgb    width × height pixels; the top byte (alpha) is ignored
 * @param width  pixels per row
 * @param height rows
 */
record RgbPixels(int[] rgb, int width, int height) {

    RgbPixels {
        if (width < 1 || height < 1 || rgb.length != width * height) {
            throw new IllegalArgumentException(width + "x" + height + " does not describe " + rgb.length + " pixels");
        }
    }

    /** The pixels of a decoded image, converted to sRGB whatever its colour model. */
    static RgbPixels of(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        return new RgbPixels(image.getRGB(0, 0, width, height, null, 0, width), width, height);
    }
}

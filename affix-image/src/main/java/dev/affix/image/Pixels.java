package dev.affix.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Arrays;

/**
 * A decoded image as packed sRGB values ({@code 0xAARRGGBB}, row after row): what a blurhash is
 * computed from and what the {@code java} variant processor transforms.
 *
 * @param argb   width × height pixels; alpha is 255 in every pixel unless {@code alpha} is true
 * @param width  pixels per row
 * @param height rows
 * @param alpha  whether pixels may be transparent (the decoded image had an alpha channel, or padding added one)
 */
record Pixels(int[] argb, int width, int height, boolean alpha) {

    private static final int OPAQUE = 0xff000000;

    Pixels {
        if (width < 1 || height < 1 || argb.length != (long) width * height) {
            throw new IllegalArgumentException(width + "x" + height + " does not describe " + argb.length + " pixels");
        }
    }

    /** The pixels of a decoded image, converted to sRGB whatever its colour model. */
    static Pixels of(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        boolean alpha = image.getColorModel().hasAlpha();
        // the JPEG decoder's usual output, read straight from its bytes: getRGB converts it pixel by pixel through the colour model
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && image.getRaster().getDataBuffer() instanceof DataBufferByte bytes
                && image.getRaster().getSampleModel() instanceof ComponentSampleModel layout && layout.getScanlineStride() == 3 * width
                && bytes.getOffset() == 0 && image.getRaster().getParent() == null) {
            byte[] bgr = bytes.getData();
            int[] argb = new int[width * height];
            for (int p = 0, b = 0; p < argb.length; p++, b += 3) {
                argb[p] = OPAQUE | (bgr[b + 2] & 0xff) << 16 | (bgr[b + 1] & 0xff) << 8 | (bgr[b] & 0xff);
            }
            return new Pixels(argb, width, height, false);
        }
        if (isGrey(image)) {
            return grey(image.getRaster(), alpha);
        }
        return new Pixels(image.getRGB(0, 0, width, height, null, 0, width), width, height, alpha);
    }

    /**
     * Whether the image is grey levels (with or without alpha) in bytes or shorts. Readers label a
     * grey JPEG, PNG or TIFF with Java's grey colour space, which is linear, though the file's levels
     * are gamma-encoded as sRGB's are: {@code getRGB} would convert them and lighten the picture
     * (level 128 comes out as 188), so the levels are taken as they are, as browsers and libvips show them.
     */
    private static boolean isGrey(BufferedImage image) {
        ColorModel model = image.getColorModel();
        int type = image.getRaster().getDataBuffer().getDataType();
        return model instanceof ComponentColorModel && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !model.isAlphaPremultiplied() && (type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT);
    }

    private static Pixels grey(Raster raster, boolean alpha) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int[] levels = scaledTo8Bits(raster, 0);
        int[] opacity = alpha ? scaledTo8Bits(raster, 1) : null;
        int[] argb = new int[width * height];
        for (int p = 0; p < argb.length; p++) {
            int level = levels[p];
            argb[p] = (alpha ? opacity[p] : 255) << 24 | level << 16 | level << 8 | level;
        }
        return new Pixels(argb, width, height, alpha);
    }

    private static int[] scaledTo8Bits(Raster raster, int band) {
        int[] samples = raster.getSamples(raster.getMinX(), raster.getMinY(), raster.getWidth(), raster.getHeight(), band, (int[]) null);
        int bits = raster.getSampleModel().getSampleSize(band);
        if (bits != 8) {
            int max = (1 << bits) - 1;
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (samples[i] * 255 + max / 2) / max;
            }
        }
        return samples;
    }

    /** These pixels as an image for an ImageIO writer, sharing this array (no copy). */
    BufferedImage toImage() {
        DirectColorModel model = alpha ? (DirectColorModel) ColorModel.getRGBdefault() : new DirectColorModel(24, 0xff0000, 0xff00, 0xff);
        WritableRaster raster = Raster.createPackedRaster(new DataBufferInt(argb, argb.length), width, height, width, model.getMasks(), null);
        return new BufferedImage(model, raster, false, null);
    }

    /** The rectangle at (left, top) of width x height, which must lie inside these pixels. */
    Pixels crop(int left, int top, int cropWidth, int cropHeight) {
        if (left < 0 || top < 0 || cropWidth < 1 || cropHeight < 1 || left + cropWidth > width || top + cropHeight > height) {
            throw new IllegalArgumentException(cropWidth + "x" + cropHeight + " at " + left + "," + top + " is not inside " + width + "x" + height);
        }
        if (left == 0 && top == 0 && cropWidth == width && cropHeight == height) {
            return this;
        }
        int[] kept = new int[cropWidth * cropHeight];
        for (int y = 0; y < cropHeight; y++) {
            System.arraycopy(argb, (top + y) * width + left, kept, y * cropWidth, cropWidth);
        }
        return new Pixels(kept, cropWidth, cropHeight, alpha);
    }

    /**
     * These pixels placed at (left, top) on a canvas of width x height filled with {@code background}
     * ({@code 0xAARRGGBB}); the result may be transparent if these pixels or the background are.
     */
    Pixels placedOn(int canvasWidth, int canvasHeight, int background, int left, int top) {
        if (left < 0 || top < 0 || left + width > canvasWidth || top + height > canvasHeight) {
            throw new IllegalArgumentException(width + "x" + height + " at " + left + "," + top + " does not fit " + canvasWidth + "x"
                    + canvasHeight);
        }
        int[] canvas = new int[canvasWidth * canvasHeight];
        Arrays.fill(canvas, background);
        for (int y = 0; y < height; y++) {
            System.arraycopy(argb, y * width, canvas, (top + y) * canvasWidth + left, width);
        }
        return new Pixels(canvas, canvasWidth, canvasHeight, alpha || background >>> 24 != 255);
    }

    /** These pixels composited over an opaque colour ({@code 0xRRGGBB}): what a format without alpha shows. */
    Pixels flattenedOn(int rgb) {
        if (!alpha) {
            return this;
        }
        int[] flat = new int[argb.length];
        for (int p = 0; p < argb.length; p++) {
            int pixel = argb[p];
            int a = pixel >>> 24;
            int r = blend((pixel >> 16) & 0xff, (rgb >> 16) & 0xff, a);
            int g = blend((pixel >> 8) & 0xff, (rgb >> 8) & 0xff, a);
            int b = blend(pixel & 0xff, rgb & 0xff, a);
            flat[p] = OPAQUE | r << 16 | g << 8 | b;
        }
        return new Pixels(flat, width, height, false);
    }

    private static int blend(int over, int under, int alpha) {
        return (over * alpha + under * (255 - alpha) + 127) / 255;
    }
}

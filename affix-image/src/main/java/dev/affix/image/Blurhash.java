package dev.affix.image;

/**
 * Encodes and decodes a blurhash (https://blurha.sh, the algorithm of Wolt's reference encoder): the first
 * {@code x × y} coefficients of a cosine transform of the image in linear light, the average colour
 * exactly, the others quantised, all in base 83. Written here rather than taken from
 * {@code io.trbl:blurhash 1.0.0}, which scales the coefficients by their largest signed value where
 * the reference uses the largest magnitude (so an image whose strongest component is negative gets
 * a wrong hash) and computes a cosine and a power per pixel and component.
 */
public final class Blurhash {

    private static final String BASE83 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";
    private static final double[] LINEAR = new double[256];

    static {
        for (int value = 0; value < 256; value++) {
            double v = value / 255.0;
            LINEAR[value] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
    }

    private Blurhash() {
    }

    /**
     * The blurhash of packed sRGB pixels ({@code 0xRRGGBB}, row after row; alpha is ignored).
     *
     * @param xComponents components along the width, 1 to 9
     * @param yComponents components along the height, 1 to 9
     */
    public static String encode(int[] rgb, int width, int height, int xComponents, int yComponents) {
        if (xComponents < 1 || xComponents > 9 || yComponents < 1 || yComponents > 9) {
            throw new IllegalArgumentException("a blurhash has 1 to 9 components along each axis, not " + xComponents + "x" + yComponents);
        }
        if (width < 1 || height < 1 || (long) width * height != rgb.length) {
            throw new IllegalArgumentException(width + "x" + height + " does not describe " + rgb.length + " pixels");
        }
        double[][] factors = factors(rgb, width, height, xComponents, yComponents);

        StringBuilder hash = new StringBuilder(6 + 2 * (factors.length - 1));
        appendBase83(hash, (xComponents - 1) + (yComponents - 1) * 9, 1);
        double largest = 0;
        for (int i = 1; i < factors.length; i++) {
            for (double value : factors[i]) {
                largest = Math.max(largest, Math.abs(value));
            }
        }
        double scale;
        if (factors.length > 1) {
            int quantised = (int) Math.max(0, Math.min(82, Math.floor(largest * 166 - 0.5)));
            scale = (quantised + 1) / 166.0;
            appendBase83(hash, quantised, 1);
        } else {
            scale = 1;
            appendBase83(hash, 0, 1);
        }
        double[] dc = factors[0];
        appendBase83(hash, (toSrgb(dc[0]) << 16) + (toSrgb(dc[1]) << 8) + toSrgb(dc[2]), 4);
        for (int i = 1; i < factors.length; i++) {
            double[] ac = factors[i];
            appendBase83(hash, quantise(ac[0] / scale) * 19 * 19 + quantise(ac[1] / scale) * 19 + quantise(ac[2] / scale), 2);
        }
        return hash.toString();
    }

    /**
     * The placeholder a blurhash stands for, as packed sRGB pixels ({@code 0xRRGGBB}, row after row),
     * for pages that draw it on the server instead of in a script.
     *
     * @throws IllegalArgumentException for text that is not a well-formed blurhash, or a size over 128 px a side
     */
    public static int[] decode(String hash, int width, int height) {
        if (width < 1 || height < 1 || width > 128 || height > 128) {
            throw new IllegalArgumentException("a placeholder is 1 to 128 pixels a side, not " + width + "x" + height);
        }
        if (hash == null || hash.length() < 6) {
            throw new IllegalArgumentException("a blurhash has at least 6 characters");
        }
        int sizeFlag = decodeBase83(hash, 0, 1);
        int xComponents = sizeFlag % 9 + 1;
        int yComponents = sizeFlag / 9 + 1;
        if (hash.length() != 4 + 2 * xComponents * yComponents) {
            throw new IllegalArgumentException("a blurhash of " + xComponents + "x" + yComponents + " components has "
                    + (4 + 2 * xComponents * yComponents) + " characters, not " + hash.length());
        }
        double maximum = (decodeBase83(hash, 1, 1) + 1) / 166.0;
        double[][] colours = new double[xComponents * yComponents][];
        int dc = decodeBase83(hash, 2, 4);
        colours[0] = new double[] {LINEAR[(dc >> 16) & 0xff], LINEAR[(dc >> 8) & 0xff], LINEAR[dc & 0xff]};
        for (int i = 1; i < colours.length; i++) {
            int ac = decodeBase83(hash, 4 + 2 * i, 2);
            colours[i] = new double[] {unquantise(ac / (19 * 19)) * maximum, unquantise(ac / 19 % 19) * maximum,
                unquantise(ac % 19) * maximum};
        }
        double[][] cosX = cosines(xComponents, width);
        double[][] cosY = cosines(yComponents, height);
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double r = 0;
                double g = 0;
                double b = 0;
                for (int j = 0; j < yComponents; j++) {
                    for (int i = 0; i < xComponents; i++) {
                        double basis = cosX[i][x] * cosY[j][y];
                        double[] colour = colours[j * xComponents + i];
                        r += colour[0] * basis;
                        g += colour[1] * basis;
                        b += colour[2] * basis;
                    }
                }
                pixels[y * width + x] = (toSrgb(r) << 16) | (toSrgb(g) << 8) | toSrgb(b);
            }
        }
        return pixels;
    }

    private static double unquantise(int value) {
        double scaled = (value - 9) / 9.0;
        return Math.copySign(scaled * scaled, scaled);
    }

    private static int decodeBase83(String hash, int from, int digits) {
        int value = 0;
        for (int i = from; i < from + digits; i++) {
            int digit = BASE83.indexOf(hash.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("'" + hash.charAt(i) + "' is not a blurhash character");
            }
            value = value * 83 + digit;
        }
        return value;
    }

    /** The coefficients, component by component (x fastest), each as linear red, green and blue. */
    private static double[][] factors(int[] rgb, int width, int height, int xComponents, int yComponents) {
        double[] red = new double[rgb.length];
        double[] green = new double[rgb.length];
        double[] blue = new double[rgb.length];
        for (int p = 0; p < rgb.length; p++) {
            red[p] = LINEAR[(rgb[p] >> 16) & 0xff];
            green[p] = LINEAR[(rgb[p] >> 8) & 0xff];
            blue[p] = LINEAR[rgb[p] & 0xff];
        }
        double[][] cosX = cosines(xComponents, width);
        double[][] cosY = cosines(yComponents, height);
        double[][] factors = new double[xComponents * yComponents][];
        for (int j = 0; j < yComponents; j++) {
            for (int i = 0; i < xComponents; i++) {
                double r = 0;
                double g = 0;
                double b = 0;
                for (int y = 0; y < height; y++) {
                    double rowBasis = cosY[j][y];
                    int row = y * width;
                    for (int x = 0; x < width; x++) {
                        double basis = rowBasis * cosX[i][x];
                        r += basis * red[row + x];
                        g += basis * green[row + x];
                        b += basis * blue[row + x];
                    }
                }
                double normalisation = (i == 0 && j == 0 ? 1.0 : 2.0) / ((double) width * height);
                factors[j * xComponents + i] = new double[] {r * normalisation, g * normalisation, b * normalisation};
            }
        }
        return factors;
    }

    private static double[][] cosines(int components, int size) {
        double[][] table = new double[components][size];
        for (int c = 0; c < components; c++) {
            for (int p = 0; p < size; p++) {
                table[c][p] = Math.cos(Math.PI * c * p / size);
            }
        }
        return table;
    }

    private static int toSrgb(double linear) {
        double v = Math.max(0, Math.min(1, linear));
        double srgb = v <= 0.0031308 ? v * 12.92 : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
        return (int) (srgb * 255 + 0.5);
    }

    /** An AC coefficient (scaled to -1..1) as 0..18, on a square-root scale so small values keep precision. */
    private static int quantise(double value) {
        double root = Math.copySign(Math.sqrt(Math.abs(value)), value);
        return (int) Math.max(0, Math.min(18, Math.floor(root * 9 + 9.5)));
    }

    private static void appendBase83(StringBuilder hash, int value, int digits) {
        int divisor = 1;
        for (int i = 1; i < digits; i++) {
            divisor *= 83;
        }
        for (int i = 0; i < digits; i++) {
            hash.append(BASE83.charAt((value / divisor) % 83));
            divisor /= 83;
        }
    }
}

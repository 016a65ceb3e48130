package dev.affix.image;

/**
 * Resizes {@link Pixels} to an exact size with a Lanczos-3 filter, the filter libvips' thumbnail uses:
 * two separable passes (rows, then columns), each output pixel a weighted sum of the input pixels
 * under the filter, whose support is stretched by the reduction factor when shrinking, so that every
 * input pixel contributes (an area-correct reduction, no aliasing from skipped pixels). Weights are
 * 22-bit fixed point, as Pillow computes them; a transparent image is filtered with premultiplied
 * alpha, so that transparent pixels lend it no colour (no dark fringes).
 */
final class Resampler {

    private static final double LOBES = 3;
    private static final int PRECISION_BITS = 22;
    private static final int HALF = 1 << (PRECISION_BITS - 1);

    private Resampler() {
    }

    /** {@code source} resized to width x height (both at least 1); the same object if it has that size already. */
    static Pixels resize(Pixels source, int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("cannot resize to " + width + "x" + height);
        }
        if (width == source.width() && height == source.height()) {
            return source;
        }
        boolean alpha = source.alpha();
        int[] pixels = alpha ? premultiplied(source.argb()) : source.argb();
        int rowWidth = source.width();
        if (width != source.width()) {
            pixels = horizontal(pixels, source.width(), source.height(), weights(source.width(), width), width, alpha);
            rowWidth = width;
        }
        if (height != source.height()) {
            pixels = vertical(pixels, rowWidth, source.height(), weights(source.height(), height), height, alpha);
        }
        return new Pixels(alpha ? unpremultiplied(pixels) : pixels, width, height, alpha);
    }

    /** Which input pixels each output pixel sums, and with what weights. */
    private record Weights(int[] first, int[] count, int[] coefficients, int stride) {
    }

    private static Weights weights(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double stretch = Math.max(scale, 1);
        double support = LOBES * stretch;
        int stride = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        int[] coefficients = new int[outSize * stride];
        double[] k = new double[stride];
        for (int out = 0; out < outSize; out++) {
            double centre = (out + 0.5) * scale;
            int from = Math.max(0, (int) (centre - support + 0.5));
            int to = Math.min(inSize, (int) (centre + support + 0.5));
            double sum = 0;
            for (int in = from; in < to; in++) {
                k[in - from] = lanczos((in - centre + 0.5) / stretch);
                sum += k[in - from];
            }
            first[out] = from;
            count[out] = to - from;
            for (int i = 0; i < to - from; i++) {
                coefficients[out * stride + i] = (int) Math.round(k[i] / sum * (1 << PRECISION_BITS));
            }
        }
        return new Weights(first, count, coefficients, stride);
    }

    private static double lanczos(double x) {
        if (x == 0) {
            return 1;
        }
        if (x <= -LOBES || x >= LOBES) {
            return 0;
        }
        double pix = Math.PI * x;
        return LOBES * Math.sin(pix) * Math.sin(pix / LOBES) / (pix * pix);
    }

    private static int[] horizontal(int[] in, int inWidth, int height, Weights weights, int outWidth, boolean alpha) {
        int[] out = new int[outWidth * height];
        int[] coefficients = weights.coefficients();
        for (int y = 0; y < height; y++) {
            int row = y * inWidth;
            for (int x = 0; x < outWidth; x++) {
                int from = row + weights.first()[x];
                int taps = weights.count()[x];
                int base = x * weights.stride();
                int a = HALF;
                int r = HALF;
                int g = HALF;
                int b = HALF;
                for (int i = 0; i < taps; i++) {
                    int pixel = in[from + i];
                    int w = coefficients[base + i];
                    a += (pixel >>> 24) * w;
                    r += ((pixel >> 16) & 0xff) * w;
                    g += ((pixel >> 8) & 0xff) * w;
                    b += (pixel & 0xff) * w;
                }
                out[y * outWidth + x] = pack(a, r, g, b, alpha);
            }
        }
        return out;
    }

    private static int[] vertical(int[] in, int width, int inHeight, Weights weights, int outHeight, boolean alpha) {
        int[] out = new int[width * outHeight];
        int[] coefficients = weights.coefficients();
        for (int y = 0; y < outHeight; y++) {
            int from = weights.first()[y];
            int taps = weights.count()[y];
            int base = y * weights.stride();
            for (int x = 0; x < width; x++) {
                int a = HALF;
                int r = HALF;
                int g = HALF;
                int b = HALF;
                for (int i = 0; i < taps; i++) {
                    int pixel = in[(from + i) * width + x];
                    int w = coefficients[base + i];
                    a += (pixel >>> 24) * w;
                    r += ((pixel >> 16) & 0xff) * w;
                    g += ((pixel >> 8) & 0xff) * w;
                    b += (pixel & 0xff) * w;
                }
                out[y * width + x] = pack(a, r, g, b, alpha);
            }
        }
        return out;
    }

    /** Four fixed-point sums as a pixel, each clamped to 0..255 (Lanczos' negative lobes overshoot at edges). */
    private static int pack(int a, int r, int g, int b, boolean alpha) {
        int alphaByte = alpha ? clamp(a) : 255;
        int red = clamp(r);
        int green = clamp(g);
        int blue = clamp(b);
        if (alpha) {
            // premultiplied: no channel may exceed the alpha
            red = Math.min(red, alphaByte);
            green = Math.min(green, alphaByte);
            blue = Math.min(blue, alphaByte);
        }
        return alphaByte << 24 | red << 16 | green << 8 | blue;
    }

    private static int clamp(int fixed) {
        int value = fixed >> PRECISION_BITS;
        return value < 0 ? 0 : Math.min(value, 255);
    }

    private static int[] premultiplied(int[] argb) {
        int[] out = new int[argb.length];
        for (int p = 0; p < argb.length; p++) {
            int pixel = argb[p];
            int a = pixel >>> 24;
            out[p] = a << 24 | multiply((pixel >> 16) & 0xff, a) << 16 | multiply((pixel >> 8) & 0xff, a) << 8 | multiply(pixel & 0xff, a);
        }
        return out;
    }

    private static int[] unpremultiplied(int[] argb) {
        for (int p = 0; p < argb.length; p++) {
            int pixel = argb[p];
            int a = pixel >>> 24;
            if (a == 0) {
                argb[p] = 0;
            } else if (a < 255) {
                argb[p] = a << 24 | divide((pixel >> 16) & 0xff, a) << 16 | divide((pixel >> 8) & 0xff, a) << 8 | divide(pixel & 0xff, a);
            }
        }
        return argb;
    }

    private static int multiply(int channel, int alpha) {
        return (channel * alpha + 127) / 255;
    }

    private static int divide(int channel, int alpha) {
        return Math.min(255, (channel * 255 + alpha / 2) / alpha);
    }
}

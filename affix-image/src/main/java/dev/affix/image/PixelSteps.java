package dev.affix.image;

import dev.affix.variant.Gravity;
import dev.affix.variant.Rgba;
import dev.affix.variant.Transformations.Crop;
import dev.affix.variant.Transformations.ResizeAndPad;
import dev.affix.variant.Transformations.ResizeToFill;
import dev.affix.variant.Transformations.ResizeToFit;
import dev.affix.variant.Transformations.ResizeToLimit;
import dev.affix.variant.Transformations.Rotate;
import dev.affix.variant.Transformations.Step;
import dev.affix.variant.TransformationFailedException;
import java.util.List;
import java.util.Optional;

/**
 * Runs a variant's geometry steps on upright pixels, in order, with ImageProcessing's semantics. The
 * pixels may be a subsampled decode ({@link #subsampling}): until the first resize they stand for an
 * image of the size the header gave, and each size is computed from that size, so a subsampled
 * decode gives the same dimensions as a full one.
 */
final class PixelSteps {

    /**
     * How many times the target's size a subsampled decode keeps at least: subsampling drops pixels,
     * so the last, filtered part of the reduction is left to the resampler, which averages every pixel kept.
     */
    static final int DECODE_MARGIN = 2;

    private PixelSteps() {
    }

    /**
     * One pixel in how many, along each axis, a decode of a {@code width} x {@code height} upright image
     * may keep for these steps: more than 1 only when the first step that is not a rotation is a resize
     * to less than half the size ({@value #DECODE_MARGIN} times the target is kept); a crop first needs every pixel.
     */
    static int subsampling(List<Step> steps, int width, int height) {
        Size size = new Size(width, height);
        for (Step step : steps) {
            if (step instanceof Rotate rotate) {
                size = rotated(size, rotate.degrees());
                continue;
            }
            Size current = size;
            return resized(step, size).map(target -> Math.max(1, Math.min(current.width() / (DECODE_MARGIN * target.width()),
                    current.height() / (DECODE_MARGIN * target.height())))).orElse(1);
        }
        return 1;
    }

    /**
     * The pixels after every step.
     *
     * @param upright the decoded pixels, turned upright, perhaps subsampled
     * @param width   the width they stand for (the header's, upright)
     * @param height  the height they stand for
     */
    static Pixels run(List<Step> steps, Pixels upright, int width, int height) {
        Pixels pixels = upright;
        Size size = new Size(width, height);
        for (Step step : steps) {
            if (step instanceof Rotate rotate) {
                pixels = rotate(pixels, rotate.degrees());
                size = rotated(size, rotate.degrees());
                continue;
            }
            if (step instanceof Crop crop) {
                // a crop's numbers are of the full-size image (a decode is never subsampled for a crop first)
                pixels = crop(resize(pixels, size), crop);
            } else {
                Size resized = resized(step, size).orElseThrow();
                if (step instanceof ResizeToFill fill) {
                    pixels = fill(resize(pixels, resized), fill.width(), fill.height(), fill.gravity());
                } else if (step instanceof ResizeAndPad pad) {
                    pixels = pad(resize(pixels, resized), pad.width(), pad.height(), pad.background(), pad.gravity());
                } else {
                    pixels = resize(pixels, resized);
                }
            }
            size = new Size(pixels.width(), pixels.height());
        }
        // never smaller than it stands for, should the steps hold no resize after a subsampled decode
        return resize(pixels, size);
    }

    /** The size a resize step scales an image of {@code size} to (before a fill's crop or a pad); empty for a crop or rotation. */
    private static Optional<Size> resized(Step step, Size size) {
        if (step instanceof ResizeToLimit s) {
            return Optional.of(limited(size.width(), size.height(), s.width(), s.height()));
        }
        if (step instanceof ResizeToFit s) {
            return Optional.of(fitted(size.width(), size.height(), s.width(), s.height()));
        }
        if (step instanceof ResizeToFill s) {
            return Optional.of(covering(size.width(), size.height(), s.width(), s.height()));
        }
        if (step instanceof ResizeAndPad s) {
            return Optional.of(fitted(size.width(), size.height(), s.width(), s.height()));
        }
        return Optional.empty();
    }

    private static Size rotated(Size size, int degrees) {
        return degrees % 180 == 0 ? size : new Size(size.height(), size.width());
    }

    /** Shrinks to fit inside the box, never enlarges. */
    static Size limited(int width, int height, int boxWidth, int boxHeight) {
        return width <= boxWidth && height <= boxHeight ? new Size(width, height) : fitted(width, height, boxWidth, boxHeight);
    }

    /** Fits inside the box, keeping the aspect ratio: one side equals the box's, the other is rounded (at least 1). */
    static Size fitted(int width, int height, int boxWidth, int boxHeight) {
        // compare boxWidth / width with boxHeight / height without rounding
        if ((long) boxWidth * height <= (long) boxHeight * width) {
            return new Size(boxWidth, Math.max(1, Math.min(boxHeight, scaled(height, boxWidth, width))));
        }
        return new Size(Math.max(1, Math.min(boxWidth, scaled(width, boxHeight, height))), boxHeight);
    }

    /** Covers the box, keeping the aspect ratio: one side equals the box's, the other is at least the box's. */
    static Size covering(int width, int height, int boxWidth, int boxHeight) {
        if ((long) boxWidth * height >= (long) boxHeight * width) {
            return new Size(boxWidth, Math.max(boxHeight, scaled(height, boxWidth, width)));
        }
        return new Size(Math.max(boxWidth, scaled(width, boxHeight, height)), boxHeight);
    }

    /** {@code length * numerator / denominator}, rounded to the nearest whole pixel. */
    private static int scaled(int length, int numerator, int denominator) {
        return (int) Math.min(Integer.MAX_VALUE, Math.round((double) length * numerator / denominator));
    }

    private static Pixels resize(Pixels pixels, Size size) {
        return Resampler.resize(pixels, size.width(), size.height());
    }

    private static Pixels fill(Pixels covering, int width, int height, Gravity gravity) {
        return covering.crop(Gravity.offset(gravity.horizontal(), covering.width(), width),
                Gravity.offset(gravity.vertical(), covering.height(), height), width, height);
    }

    private static Pixels pad(Pixels fitted, int width, int height, Rgba background, Gravity gravity) {
        int argb = background.alpha() << 24 | background.red() << 16 | background.green() << 8 | background.blue();
        return fitted.placedOn(width, height, argb, Gravity.offset(gravity.horizontal(), width, fitted.width()),
                Gravity.offset(gravity.vertical(), height, fitted.height()));
    }

    /** The part of the crop's rectangle inside the image; a rectangle wholly outside it is refused. */
    private static Pixels crop(Pixels pixels, Crop crop) {
        if (crop.left() >= pixels.width() || crop.top() >= pixels.height()) {
            throw new TransformationFailedException("crop " + crop.arguments() + " lies outside the " + pixels.width() + "x"
                    + pixels.height() + " image");
        }
        return pixels.crop(crop.left(), crop.top(), Math.min(crop.width(), pixels.width() - crop.left()),
                Math.min(crop.height(), pixels.height() - crop.top()));
    }

    private static Pixels rotate(Pixels pixels, int degrees) {
        return switch (degrees) {
            case 90 -> Orientation.ROTATE_90_CLOCKWISE.apply(pixels);
            case 180 -> Orientation.ROTATE_180.apply(pixels);
            case 270 -> Orientation.ROTATE_90_COUNTERCLOCKWISE.apply(pixels);
            default -> pixels;
        };
    }

    /** A width and height in pixels. */
    record Size(int width, int height) {
    }
}

package dev.affix.image;

/**
 * The EXIF orientation of an image: how its stored pixels are turned to be shown. Values 5 to 8 turn
 * it by a quarter, so the displayed width is the stored height; browsers, libvips and Rails all show
 * (and measure) images this way.
 */
enum Orientation {

    NORMAL, MIRROR_HORIZONTAL, ROTATE_180, MIRROR_VERTICAL, TRANSPOSE, ROTATE_90_CLOCKWISE, TRANSVERSE, ROTATE_90_COUNTERCLOCKWISE;

    /** The orientation of an EXIF value (1 to 8); any other value means the pixels are shown as stored. */
    static Orientation ofExif(int value) {
        return value >= 1 && value <= 8 ? values()[value - 1] : NORMAL;
    }

    boolean swapsDimensions() {
        return ordinal() >= TRANSPOSE.ordinal();
    }

    /** The pixels as shown: {@code stored} turned and mirrored as this orientation says. */
    Pixels apply(Pixels stored) {
        if (this == NORMAL) {
            return stored;
        }
        int w = stored.width();
        int h = stored.height();
        int shownWidth = swapsDimensions() ? h : w;
        int shownHeight = swapsDimensions() ? w : h;
        int[] shown = new int[shownWidth * shownHeight];
        for (int y = 0; y < shownHeight; y++) {
            for (int x = 0; x < shownWidth; x++) {
                // (sx, sy): the stored pixel that appears at (x, y) once shown
                int sx;
                int sy;
                switch (this) {
                    case MIRROR_HORIZONTAL -> { sx = w - 1 - x; sy = y; }
                    case ROTATE_180 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case MIRROR_VERTICAL -> { sx = x; sy = h - 1 - y; }
                    case TRANSPOSE -> { sx = y; sy = x; }
                    case ROTATE_90_CLOCKWISE -> { sx = y; sy = h - 1 - x; }
                    case TRANSVERSE -> { sx = w - 1 - y; sy = h - 1 - x; }
                    case ROTATE_90_COUNTERCLOCKWISE -> { sx = w - 1 - y; sy = x; }
                    default -> throw new IllegalStateException(name());
                }
                shown[y * shownWidth + x] = stored.argb()[sy * w + sx];
            }
        }
        return new Pixels(shown, shownWidth, shownHeight, stored.alpha());
    }
}

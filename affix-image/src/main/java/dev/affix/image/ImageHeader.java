package dev.affix.image;

/**
 * What an image's header says, read without decoding any pixel.
 *
 * @param width            the stored width (for a GIF, its logical screen)
 * @param height           the stored height
 * @param firstFrameWidth  the width of the first frame, the one a blurhash decodes (a GIF's frame may
 *                         claim to be larger than its screen)
 * @param firstFrameHeight the height of the first frame
 * @param orientation      how the stored pixels are turned to be shown
 */
record ImageHeader(int width, int height, int firstFrameWidth, int firstFrameHeight, Orientation orientation) {

    ImageHeader {
        if (width < 1 || height < 1 || firstFrameWidth < 1 || firstFrameHeight < 1) {
            throw new IllegalArgumentException("an image header with no pixels: " + width + "x" + height
                    + " (first frame " + firstFrameWidth + "x" + firstFrameHeight + ")");
        }
    }

    int displayedWidth() {
        return orientation.swapsDimensions() ? height : width;
    }

    int displayedHeight() {
        return orientation.swapsDimensions() ? width : height;
    }

    /** The most pixels a decoder could be asked to hold for this file: of the screen or of the first frame. */
    long pixels() {
        return Math.max((long) width * height, (long) firstFrameWidth * firstFrameHeight);
    }
}

package dev.affix.vips;

import dev.affix.variant.OutputFormat;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * One reference to a libvips image, given back ({@code g_object_unref}) on {@link #close()}. An
 * operation returns a new image that holds its own references to what it reads, so closing this one
 * never pulls pixels from under a later one. {@link #kill()} may come from another thread (a
 * watchdog) at any moment, so it and close take turns.
 */
final class VipsImage implements AutoCloseable {

    private final Vips vips;
    private MemorySegment pointer;

    VipsImage(Vips vips, MemorySegment pointer) {
        this.vips = vips;
        this.pointer = pointer;
    }

    int width() {
        return vips.width(pointer());
    }

    int height() {
        return vips.height(pointer());
    }

    int interpretation() {
        return vips.interpretation(pointer());
    }

    boolean hasAlpha() {
        return vips.hasAlpha(pointer());
    }

    /** The EXIF orientation, 1 (upright, or none given) to 8. */
    int orientation() {
        return vips.orientation(pointer());
    }

    /**
     * This image's pixels computed into memory. An image read from a file is decoded in one pass, top
     * to bottom; an operation that reads it in another order (a rotation) needs this copy first.
     */
    VipsImage copyMemory() {
        return vips.copyMemory(pointer());
    }

    /** Turned upright as its EXIF orientation says, the orientation then removed. */
    VipsImage autorot() {
        return vips.autorot(pointer());
    }

    /** Resized into {@code width x height} ({@code size}: {@link Vips#SIZE_BOTH} or {@link Vips#SIZE_DOWN}), keeping the aspect ratio. */
    VipsImage thumbnail(int width, int height, int size) {
        return vips.thumbnail(pointer(), width, height, size);
    }

    VipsImage extractArea(int left, int top, int width, int height) {
        return vips.extractArea(pointer(), left, top, width, height);
    }

    /** Turned clockwise by {@code quarterTurns} x 90 degrees. */
    VipsImage rot(int quarterTurns) {
        return vips.rot(pointer(), quarterTurns);
    }

    VipsImage colourspace(int interpretation) {
        return vips.colourspace(pointer(), interpretation);
    }

    VipsImage addAlpha() {
        return vips.addAlpha(pointer());
    }

    VipsImage gravity(int direction, int width, int height, double[] background) {
        return vips.gravity(pointer(), direction, width, height, background);
    }

    VipsImage flatten(double[] background) {
        return vips.flatten(pointer(), background);
    }

    void save(Path target, OutputFormat format, Integer quality, boolean strip) {
        vips.save(pointer(), target, format, quality, strip);
    }

    /** Makes the evaluation that reads this image fail at its next region of pixels; nothing once closed. */
    synchronized void kill() {
        if (pointer != null) {
            vips.kill(pointer);
        }
    }

    @Override
    public synchronized void close() {
        if (pointer != null) {
            vips.unref(pointer);
            pointer = null;
        }
    }

    private synchronized MemorySegment pointer() {
        if (pointer == null) {
            throw new IllegalStateException("this libvips image was closed");
        }
        return pointer;
    }
}

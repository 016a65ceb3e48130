package dev.affix.vips;

import dev.affix.variant.TransformationFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The images one transformation makes, owned until it ends, and its deadline. libvips evaluates
 * lazily: the pixels are computed when the result is written, pulled through every image of the
 * chain. When the time is up a watchdog kills every image made so far, so that evaluation fails at
 * its next region of pixels, and no further image may be added. Work that libvips does inside one
 * call before an image is handed back (the shrink-on-load decode of {@code vips_thumbnail}) cannot be
 * stopped; the pixel limit bounds it, and the transformation fails as soon as that call returns.
 */
final class Pipeline implements AutoCloseable {

    private final List<VipsImage> images = new ArrayList<>();
    private final ScheduledFuture<?> watchdog;
    private boolean expired;

    Pipeline(ScheduledExecutorService scheduler, Duration timeout) {
        this.watchdog = scheduler.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Takes ownership of {@code image}, a fresh reference; it is closed with the pipeline. */
    synchronized VipsImage add(VipsImage image) {
        images.add(image);
        if (expired) {
            throw new TransformationFailedException("the time is up");
        }
        return image;
    }

    /** Whether the watchdog found the transformation still running when its time was up. */
    synchronized boolean expired() {
        return expired;
    }

    /** What the watchdog does when the time is up. */
    synchronized void expire() {
        expired = true;
        images.forEach(VipsImage::kill);
    }

    @Override
    public synchronized void close() {
        watchdog.cancel(false);
        for (int i = images.size() - 1; i >= 0; i--) {
            images.get(i).close();
        }
        images.clear();
    }
}

package dev.affix.image;

import dev.affix.variant.OutputFormat;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.spi.ServiceRegistry;

/**
 * The ImageIO writers the {@code java} variant processor uses, one per {@link OutputFormat}: the
 * JDK's JPEG, PNG and GIF writers. No pure-Java WebP or AVIF writer is kept (TwelveMonkeys' WebP
 * plugin only reads), so those formats are not written here and Affix falls back to another format
 * for them; a writer that some other jar registers with ImageIO is never used.
 */
final class ImageWriters {

    private static final Map<OutputFormat, String> ALLOWED = Map.of(
            OutputFormat.JPEG, "com.sun.imageio.plugins.jpeg.JPEGImageWriterSpi",
            OutputFormat.PNG, "com.sun.imageio.plugins.png.PNGImageWriterSpi",
            OutputFormat.GIF, "com.sun.imageio.plugins.gif.GIFImageWriterSpi");

    private final Map<OutputFormat, ImageWriterSpi> providers = new EnumMap<>(OutputFormat.class);

    ImageWriters() {
        this(IIORegistry.getDefaultInstance());
    }

    ImageWriters(ServiceRegistry registry) {
        ALLOWED.forEach((format, className) -> ImageIoProviders.registered(registry, ImageWriterSpi.class, className)
                .ifPresent(provider -> providers.put(format, provider)));
    }

    boolean writes(OutputFormat format) {
        return providers.containsKey(format);
    }

    /** A new writer for {@code format}, for one image; the caller disposes of it. */
    ImageWriter writer(OutputFormat format) throws IOException {
        ImageWriterSpi provider = providers.get(format);
        if (provider == null) {
            throw new IllegalStateException("no writer for " + format + " images");
        }
        return provider.createWriterInstance();
    }
}

package dev.affix.image;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The image formats Affix reads, each with the content types it is identified as and the ImageIO
 * readers allowed to read it, best first. This is the fixed allow-list of decoders: a reader that
 * some other jar registers with ImageIO is never used, and a type that is not listed here (SVG,
 * AVIF, HEIC: no pure-Java reader is kept for them) is not analysed.
 */
enum ImageFormat {

    JPEG("JPEG", false, Set.of("image/jpeg", "image/pjpeg"), List.of(
            "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi",
            "com.sun.imageio.plugins.jpeg.JPEGImageReaderSpi")),
    PNG("PNG", false, Set.of("image/png"), List.of("com.sun.imageio.plugins.png.PNGImageReaderSpi")),
    GIF("GIF", true, Set.of("image/gif"), List.of("com.sun.imageio.plugins.gif.GIFImageReaderSpi")),
    WEBP("WebP", true, Set.of("image/webp"), List.of("com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi")),
    BMP("BMP", false, Set.of("image/bmp", "image/x-bmp", "image/x-ms-bmp"), List.of("com.sun.imageio.plugins.bmp.BMPImageReaderSpi")),
    // the JDK's TIFF reader rather than TwelveMonkeys' 3.14.0, which fails on subsampled float grey images
    TIFF("TIFF", true, Set.of("image/tiff"), List.of("com.sun.imageio.plugins.tiff.TIFFImageReaderSpi"));

    private final String displayName;
    private final boolean frames;
    private final Set<String> contentTypes;
    private final List<String> readerProviders;

    ImageFormat(String displayName, boolean frames, Set<String> contentTypes, List<String> readerProviders) {
        this.displayName = displayName;
        this.frames = frames;
        this.contentTypes = contentTypes;
        this.readerProviders = readerProviders;
    }

    /** The format of a content type such as {@code image/jpeg} or {@code image/png; charset=binary}. */
    static Optional<ImageFormat> of(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
        for (ImageFormat format : values()) {
            if (format.contentTypes.contains(type)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** Whether a file of this format may hold several frames or pages (a JPEG, PNG or BMP holds one image). */
    boolean holdsFrames() {
        return frames;
    }

    /** The class names of the ImageIO reader providers allowed for this format, best first. */
    List<String> readerProviders() {
        return readerProviders;
    }

    @Override
    public String toString() {
        return displayName;
    }
}

package dev.affix.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ServiceRegistry;

/**
 * The ImageIO readers Affix allows, one per {@link ImageFormat}: the first of the format's allowed
 * providers that ImageIO has registered (TwelveMonkeys' readers register themselves from their jars,
 * the JDK's are always there). Found once; a format with no allowed reader is not analysed.
 */
final class ImageReaders {

    private final Map<ImageFormat, ImageReaderSpi> providers = new EnumMap<>(ImageFormat.class);

    ImageReaders() {
        this(IIORegistry.getDefaultInstance());
    }

    ImageReaders(ServiceRegistry registry) {
        for (ImageFormat format : ImageFormat.values()) {
            for (String className : format.readerProviders()) {
                Optional<ImageReaderSpi> provider = ImageIoProviders.registered(registry, ImageReaderSpi.class, className);
                if (provider.isPresent()) {
                    providers.put(format, provider.get());
                    break;
                }
            }
        }
    }

    /** The format of a content type, if Affix has a reader for it. */
    Optional<ImageFormat> formatOf(String contentType) {
        return ImageFormat.of(contentType).filter(providers::containsKey);
    }

    /** Opens a file with its format's allowed reader, after checking that the bytes are of that format. */
    OpenImage open(Path file, ImageFormat format) throws IOException {
        ImageReaderSpi provider = providers.get(format);
        if (provider == null) {
            throw new UnreadableImageException("no reader for " + format + " images");
        }
        return OpenImage.open(file, format, provider);
    }
}

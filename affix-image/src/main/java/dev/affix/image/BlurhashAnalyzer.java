package dev.affix.image;

import dev.affix.analysis.AnalysisInput;
import dev.affix.analysis.AnalysisResult;
import dev.affix.analysis.Analyzer;
import dev.affix.blob.Blob;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image's {@code blurhash} (Affix's key; Rails has none): a placeholder string computed from the
 * first frame decoded at about 64 pixels on its longer side (ImageIO's source subsampling, so a
 * 4000x3000 photo is never held at full size), turned as displayed, with 4 components along the
 * longer side and as many along the shorter as its proportion gives (4x3 for a 4:3 photo). Nothing is
 * decoded when the header gives more pixels than {@code analysis.image_max_pixels} or the file holds
 * more frames than {@code analysis.image_max_frames}: the blob then gets no blurhash, and one line is
 * logged.
 */
public class BlurhashAnalyzer implements Analyzer {

    /** About the size the hash is computed at: enough for 4 components, small enough to decode fast. */
    static final int DECODED_SIZE = 64;
    private static final int LONG_SIDE_COMPONENTS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(BlurhashAnalyzer.class);

    private final ImageReaders readers;
    private final TimedImageReads reads;
    private final ImageSettings settings;

    public BlurhashAnalyzer(ImageSettings settings) {
        this(new ImageReaders(), settings);
    }

    BlurhashAnalyzer(ImageReaders readers, ImageSettings settings) {
        this.readers = readers;
        this.reads = new TimedImageReads(readers, "analysis.image_timeout");
        this.settings = settings;
    }

    @Override
    public String name() {
        return "blurhash";
    }

    @Override
    public boolean accepts(Blob blob) {
        return readers.formatOf(blob.contentType()).isPresent();
    }

    @Override
    public AnalysisResult analyze(AnalysisInput input) throws IOException {
        Blob blob = input.blob();
        ImageFormat format = readers.formatOf(blob.contentType())
                .orElseThrow(() -> new UnreadableImageException("no reader for " + blob.contentType()));
        Optional<String> hash = reads.read(input.file(), format, settings.timeout(), image -> blurhash(blob, format, image));
        return hash.map(value -> AnalysisResult.of(Map.of("blurhash", value))).orElse(AnalysisResult.nothing());
    }

    private Optional<String> blurhash(Blob blob, ImageFormat format, OpenImage image) throws IOException {
        ImageHeader header = image.header();
        if (header.pixels() > settings.maxPixels()) {
            LOG.info("blob {}: no blurhash: the {} header gives {} pixels, above analysis.image_max_pixels ({})",
                    blob.id(), format, header.pixels(), settings.maxPixels());
            return Optional.empty();
        }
        if (image.hasMoreFramesThan(settings.maxFrames())) {
            LOG.info("blob {}: no blurhash: the {} file has more than analysis.image_max_frames ({}) frames",
                    blob.id(), format, settings.maxFrames());
            return Optional.empty();
        }
        int step = Math.max(1, Math.max(header.firstFrameWidth(), header.firstFrameHeight()) / DECODED_SIZE);
        Pixels shown = header.orientation().apply(image.firstFrame(step));
        return Optional.of(encode(shown));
    }

    /** The hash of displayed pixels, with components in proportion to their sides. */
    static String encode(Pixels shown) {
        int longSide = Math.max(shown.width(), shown.height());
        int shortSide = Math.min(shown.width(), shown.height());
        int shortComponents = (int) Math.max(1, Math.min(LONG_SIDE_COMPONENTS,
                Math.round((double) LONG_SIDE_COMPONENTS * shortSide / longSide)));
        boolean landscape = shown.width() >= shown.height();
        return Blurhash.encode(shown.argb(), shown.width(), shown.height(),
                landscape ? LONG_SIDE_COMPONENTS : shortComponents, landscape ? shortComponents : LONG_SIDE_COMPONENTS);
    }
}

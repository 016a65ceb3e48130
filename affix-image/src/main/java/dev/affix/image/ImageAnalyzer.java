package dev.affix.image;

import dev.affix.analysis.AnalysisInput;
import dev.affix.analysis.AnalysisResult;
import dev.affix.analysis.Analyzer;
import dev.affix.blob.Blob;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An image's {@code width} and {@code height} as displayed (an EXIF orientation of 5 to 8 swaps them),
 * the keys and values Rails' image analyzer writes, read from the file's header: no pixel is decoded,
 * so the pixel limit does not apply (a header claiming 100000x100000 is reported as such, which lets a
 * dimension validation refuse the file). Reads the formats of {@link ImageFormat}; an application can
 * extend this class and add facts to what {@link #analyze} returns.
 */
public class ImageAnalyzer implements Analyzer {

    private final ImageReaders readers;
    private final TimedImageReads reads;
    private final Duration timeout;

    public ImageAnalyzer(ImageSettings settings) {
        this(new ImageReaders(), settings);
    }

    ImageAnalyzer(ImageReaders readers, ImageSettings settings) {
        this.readers = readers;
        this.reads = new TimedImageReads(readers, "analysis.image_timeout");
        this.timeout = settings.timeout();
    }

    @Override
    public String name() {
        return "image";
    }

    @Override
    public boolean accepts(Blob blob) {
        return readers.formatOf(blob.contentType()).isPresent();
    }

    @Override
    public AnalysisResult analyze(AnalysisInput input) throws IOException {
        ImageFormat format = readers.formatOf(input.blob().contentType())
                .orElseThrow(() -> new UnreadableImageException("no reader for " + input.blob().contentType()));
        ImageHeader header = reads.read(input.file(), format, timeout, OpenImage::header);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("width", header.displayedWidth());
        facts.put("height", header.displayedHeight());
        return AnalysisResult.of(facts);
    }
}

package dev.affix.image;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One file opened with its format's allowed reader: its header, its frame count, a subsampled decode
 * of its first frame. {@link #abort()} closes the file under the reader, so that a read past its
 * deadline ends with an exception.
 */
final class OpenImage implements AutoCloseable {

    private static final String GIF_STREAM_METADATA = "javax_imageio_gif_stream_1.0";

    private final Path file;
    private final ImageFormat format;
    private final RandomAccessFile handle;
    private final ImageReader reader;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private OpenImage(Path file, ImageFormat format, RandomAccessFile handle, ImageReader reader) {
        this.file = file;
        this.format = format;
        this.handle = handle;
        this.reader = reader;
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    }

    static OpenImage open(Path file, ImageFormat format, ImageReaderSpi provider) throws IOException {
        RandomAccessFile handle = new RandomAccessFile(file.toFile(), "r");
        try {
            // a buffered stream over the file (TwelveMonkeys' provider, which ImageIO prefers to its own)
            ImageInputStream input = ImageIO.createImageInputStream(handle);
            if (input == null || !decodable(provider, input)) {
                throw new UnreadableImageException("the bytes are not a " + format + " image");
            }
            ImageReader reader = provider.createReaderInstance();
            // not seek-forward-only: the frame count is probed before the first frame is read
            reader.setInput(input, false, true);
            return new OpenImage(file, format, handle, reader);
        } catch (IOException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    private static boolean decodable(ImageReaderSpi provider, ImageInputStream input) {
        try {
            return provider.canDecodeInput(input);
        } catch (IOException e) {
            // too short to hold the format's signature
            return false;
        }
    }

    /** The dimensions and orientation, from the header: no pixel is decoded. */
    ImageHeader header() throws IOException {
        int frameWidth;
        int frameHeight;
        try {
            frameWidth = reader.getWidth(0);
            frameHeight = reader.getHeight(0);
        } catch (IndexOutOfBoundsException e) {
            throw new UnreadableImageException("the " + format + " file has no image in it");
        }
        if (frameWidth < 1 || frameHeight < 1) {
            throw new UnreadableImageException("the " + format + " header says " + frameWidth + "x" + frameHeight + " pixels");
        }
        Size screen = gifScreen().orElse(new Size(frameWidth, frameHeight));
        return new ImageHeader(screen.width(), screen.height(), frameWidth, frameHeight, ExifOrientation.read(file, format));
    }

    /**
     * Whether the file holds more than {@code limit} frames (or pages), found by asking the reader for
     * frame number {@code limit} (counted from 0): readers locate a frame by skipping the data of
     * those before it, so nothing is decoded and at most {@code limit} frames are walked. A format
     * that holds one image is not asked (the JPEG reader loses its place in the file when asked for a
     * frame it does not have).
     */
    boolean hasMoreFramesThan(int limit) throws IOException {
        if (!format.holdsFrames()) {
            return limit < 1;
        }
        int known = reader.getNumImages(false);
        if (known >= 0) {
            return known > limit;
        }
        try {
            reader.getWidth(limit);
            return true;
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** The first frame, decoded keeping one pixel in {@code step} along each axis (ImageIO's source subsampling). */
    Pixels firstFrame(int step) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        return Pixels.of(reader.read(0, param));
    }

    /**
     * What the decoder said of data missing from the file, if it said anything: the JPEG decoder
     * fills a truncated image in grey and only warns ({@code Premature end of JPEG file},
     * {@code Corrupt JPEG data: premature end of data segment}), where other decoders throw.
     */
    Optional<String> missingDataWarning() {
        return warnings.stream().filter(warning -> warning.toLowerCase(Locale.ROOT).contains("premature end")).findFirst();
    }

    /** Lets a test see a read begin, so that it can stop the read at a known point rather than after a guessed delay. */
    void addReadProgressListener(IIOReadProgressListener listener) {
        reader.addIIOReadProgressListener(listener);
    }

    /**
     * Stops a read running on another thread: asks the reader to abort (readers check between rows
     * and tiles) and closes the file under it, so its next read throws.
     */
    void abort() {
        try {
            reader.abort();
        } catch (IllegalStateException busy) {
            // the JDK's JPEG reader refuses calls from a thread other than the one reading; the closed file stops it
        }
        try {
            handle.close();
        } catch (IOException e) {
            // closing is all that is wanted; the reading thread sees the file closed either way
        }
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            try {
                reader.dispose();
            } finally {
                handle.close();
            }
        }
    }

    /** A GIF is shown at its logical screen's size, which its first frame may not fill. */
    private Optional<Size> gifScreen() throws IOException {
        if (format != ImageFormat.GIF) {
            return Optional.empty();
        }
        IIOMetadata stream = reader.getStreamMetadata();
        if (stream == null) {
            return Optional.empty();
        }
        for (Node node = stream.getAsTree(GIF_STREAM_METADATA).getFirstChild(); node != null; node = node.getNextSibling()) {
            if ("LogicalScreenDescriptor".equals(node.getNodeName()) && node instanceof Element screen) {
                int width = Integer.parseInt(screen.getAttribute("logicalScreenWidth"));
                int height = Integer.parseInt(screen.getAttribute("logicalScreenHeight"));
                return width > 0 && height > 0 ? Optional.of(new Size(width, height)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private record Size(int width, int height) {
    }
}

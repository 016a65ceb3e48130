package dev.affix.image;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.jpeg.JpegProcessingException;
import com.drew.imaging.png.PngChunk;
import com.drew.imaging.png.PngChunkReader;
import com.drew.imaging.png.PngChunkType;
import com.drew.imaging.png.PngProcessingException;
import com.drew.imaging.riff.RiffHandler;
import com.drew.imaging.riff.RiffProcessingException;
import com.drew.imaging.riff.RiffReader;
import com.drew.imaging.tiff.TiffProcessingException;
import com.drew.imaging.tiff.TiffMetadataReader;
import com.drew.lang.ByteArrayReader;
import com.drew.lang.StreamReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads the EXIF orientation of a file with metadata-extractor, asking it for that record only: the
 * JPEG's APP1 segments, the PNG's {@code eXIf} chunk, the WebP's {@code EXIF} chunk; nothing else of
 * those files is parsed (no XMP, comments or text chunks), which keeps the read fast and the attack
 * surface small. A TIFF's orientation is a tag of its directories, which metadata-extractor reads
 * whole. A missing or damaged record means the image is shown as stored.
 */
final class ExifOrientation {

    private static final byte[] EXIF_PREAMBLE = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

    private ExifOrientation() {
    }

    static Orientation read(Path file, ImageFormat format) throws IOException {
        Metadata metadata = new Metadata();
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            switch (format) {
                case JPEG -> JpegMetadataReader.process(metadata, in, List.of(new ExifReader()));
                case PNG -> {
                    for (PngChunk chunk : new PngChunkReader().extract(new BoundedStreamReader(in, size), Set.of(PngChunkType.eXIf))) {
                        readExif(chunk.getBytes(), metadata);
                    }
                }
                case WEBP -> new RiffReader().processRiff(new BoundedStreamReader(in, size), new WebpExifChunk(metadata));
                case TIFF -> metadata = TiffMetadataReader.readMetadata(file.toFile());
                case GIF, BMP -> {
                    return Orientation.NORMAL;
                }
                default -> throw new IllegalStateException(format.name());
            }
        } catch (JpegProcessingException | PngProcessingException | RiffProcessingException | TiffProcessingException | EOFException e) {
            // the image reader decides whether the file is readable; a damaged or cut EXIF record only loses the orientation
            return Orientation.NORMAL;
        }
        ExifIFD0Directory directory = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
        if (directory == null || !directory.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
            return Orientation.NORMAL;
        }
        try {
            return Orientation.ofExif(directory.getInt(ExifIFD0Directory.TAG_ORIENTATION));
        } catch (MetadataException e) {
            return Orientation.NORMAL;
        }
    }

    private static void readExif(byte[] tiff, Metadata metadata) {
        new ExifReader().extract(new ByteArrayReader(tiff), metadata);
    }

    /**
     * metadata-extractor allocates a chunk's buffer at the length the chunk claims before reading it;
     * this reader refuses a length beyond the end of the file, so a forged length cannot exhaust memory.
     */
    private static final class BoundedStreamReader extends StreamReader {

        private final long size;

        BoundedStreamReader(InputStream in, long size) {
            super(in);
            this.size = size;
        }

        @Override
        public byte[] getBytes(int count) throws IOException {
            if (count < 0 || count > size - getPosition()) {
                throw new EOFException("a record of " + count + " bytes at offset " + getPosition() + " runs past the end of the file");
            }
            return super.getBytes(count);
        }
    }

    /** Takes a WebP file's {@code EXIF} chunk and nothing else. */
    private record WebpExifChunk(Metadata metadata) implements RiffHandler {

        @Override
        public boolean shouldAcceptRiffIdentifier(String identifier) {
            return "WEBP".equals(identifier);
        }

        @Override
        public boolean shouldAcceptChunk(String fourCC) {
            return "EXIF".equals(fourCC);
        }

        @Override
        public boolean shouldAcceptList(String fourCC) {
            return false;
        }

        @Override
        public void processChunk(String fourCC, byte[] payload) {
            // some writers keep the JPEG-style preamble in front of the TIFF data
            boolean preamble = payload.length >= EXIF_PREAMBLE.length
                    && Arrays.equals(payload, 0, EXIF_PREAMBLE.length, EXIF_PREAMBLE, 0, EXIF_PREAMBLE.length);
            byte[] tiff = preamble ? Arrays.copyOfRange(payload, EXIF_PREAMBLE.length, payload.length) : payload;
            readExif(tiff, metadata);
        }

        @Override
        public void addError(String message) {
            // a damaged chunk only loses the orientation
        }
    }
}

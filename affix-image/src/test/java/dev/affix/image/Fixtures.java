package dev.affix.image;

import dev.affix.analysis.AnalysisInput;
import dev.affix.blob.Blob;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntBinaryOperator;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Test images, written with ImageIO or byte by byte: no fixture file is checked in. */
final class Fixtures {

    private Fixtures() {
    }

    static BufferedImage image(int width, int height, IntBinaryOperator rgbAt) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgbAt.applyAsInt(x, y));
            }
        }
        return image;
    }

    /** Red growing to the right, green growing downwards, blue in stripes: no two orientations look alike. */
    static BufferedImage gradient(int width, int height) {
        return image(width, height, (x, y) -> (x * 255 / Math.max(1, width - 1)) << 16 | (y * 255 / Math.max(1, height - 1)) << 8
                | ((x / 7 + y / 5) % 2 == 0 ? 40 : 200));
    }

    /** Black on the left, white on the right: the strongest component of its transform is negative. */
    static BufferedImage darkThenLight(int width, int height) {
        return image(width, height, (x, y) -> x < width / 2 ? 0x101010 : 0xf0f0f0);
    }

    static BufferedImage solid(int width, int height, int rgb) {
        return image(width, height, (x, y) -> rgb);
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A TIFF structure holding one IFD0 entry, the orientation: the body of an EXIF record. */
    static byte[] exifOrientation(int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8); // header, IFD0 at offset 8
        tiff.putShort((short) 1); // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0); // no next IFD
        return tiff.array();
    }

    /** A JPEG with an APP1 EXIF segment giving {@code orientation}, right after its SOI marker. */
    static byte[] jpegWithOrientation(byte[] jpeg, int orientation) {
        byte[] body = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), exifOrientation(orientation));
        return insertJpegSegment(jpeg, 0xE1, body);
    }

    /** A JPEG with one more segment (APPn, COM) right after its SOI marker. */
    static byte[] insertJpegSegment(byte[] jpeg, int marker, byte[] body) {
        int length = body.length + 2;
        byte[] segment = concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length}, body);
        return concat(Arrays.copyOfRange(jpeg, 0, 2), segment, Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /** A PNG chunk: length, type, data, CRC of type and data. */
    static byte[] pngChunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return concat(ByteBuffer.allocate(4).putInt(data.length).array(), typeBytes, data,
                ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A PNG with {@code chunk} inserted right after its IHDR chunk (8 bytes of signature, 25 of IHDR). */
    static byte[] insertPngChunk(byte[] png, byte[] chunk) {
        return concat(Arrays.copyOfRange(png, 0, 33), chunk, Arrays.copyOfRange(png, 33, png.length));
    }

    static byte[] pngWithOrientation(byte[] png, int orientation) {
        return insertPngChunk(png, pngChunk("eXIf", exifOrientation(orientation)));
    }

    /** A PNG signature and header claiming {@code width × height} RGB pixels, with no pixel data at all. */
    static byte[] pngHeaderOnly(int width, int height) {
        byte[] ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0)
                .put((byte) 0).array();
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, pngChunk("IHDR", ihdr),
                pngChunk("IEND", new byte[0]));
    }

    /**
     * A GIF whose logical screen is {@code screenWidth × screenHeight}, holding {@code frames} frames
     * that claim {@code frameWidth × frameHeight} each, with the pixel data of a one-pixel image (so a
     * frame larger than one pixel is short of data).
     */
    static byte[] gif(int screenWidth, int screenHeight, int frames, int frameWidth, int frameHeight) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(littleEndianShorts(screenWidth, screenHeight));
        out.writeBytes(new byte[] {(byte) 0x80, 0, 0}); // global colour table of 2 entries
        out.writeBytes(new byte[] {(byte) 0xff, 0, 0, 0, 0, (byte) 0xff}); // red, blue
        for (int i = 0; i < frames; i++) {
            out.write(0x2C);
            out.writeBytes(littleEndianShorts(0, 0, frameWidth, frameHeight));
            out.write(0);
            out.writeBytes(new byte[] {0x02, 0x02, 0x44, 0x01, 0x00}); // LZW: code size 2, one pixel of colour 0
        }
        out.write(0x3B);
        return out.toByteArray();
    }

    /**
     * A 6x4 WebP of one colour (0x3366cc): a lossless bitstream as libvips 8.14 wrote it for such an
     * image (`vips copy in.png out.webp[lossless]`), in a VP8X container with an EXIF chunk giving
     * {@code orientation} (none if 0).
     */
    static byte[] webp(int orientation) {
        byte[] lossless = {0x2f, 0x05, (byte) 0xc0, 0x00, 0x00, 0x07, 0x50, (byte) 0xb3, (byte) 0xce, (byte) 0x94, (byte) 0xb9, (byte) 0xff,
            (byte) 0x81, (byte) 0x88, (byte) 0xe8, 0x7f, 0x00};
        byte[] exif = orientation == 0 ? new byte[0] : riffChunk("EXIF", exifOrientation(orientation));
        ByteBuffer vp8x = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put((byte) (orientation == 0 ? 0 : 0x08)).put(new byte[3]);
        vp8x.put((byte) 5).putShort((short) 0).put((byte) 3).putShort((short) 0); // canvas 6x4, stored minus one, 24 bits each
        byte[] body = concat("WEBP".getBytes(StandardCharsets.ISO_8859_1), riffChunk("VP8X", vp8x.array()), riffChunk("VP8L", lossless), exif);
        return concat("RIFF".getBytes(StandardCharsets.ISO_8859_1),
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(body.length).array(), body);
    }

    static byte[] riffChunk(String fourCC, byte[] data) {
        byte[] padding = new byte[data.length % 2];
        return concat(fourCC.getBytes(StandardCharsets.ISO_8859_1),
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(data.length).array(), data, padding);
    }

    static byte[] littleEndianShorts(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            buffer.putShort((short) value);
        }
        return buffer.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static Path write(Path folder, String name, byte[] bytes) {
        try {
            return Files.write(folder.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Blob blob(String contentType) {
        return new Blob(42, "key42", "file", contentType, Map.of("identified", true), "local", 0, null, Instant.EPOCH);
    }

    static AnalysisInput input(String contentType, Path file) {
        return new AnalysisInput(blob(contentType), file, Map.of());
    }
}

package dev.affix.vips;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Small test images, drawn with Java2D or written byte by byte: no fixture file is checked in. */
final class Fixtures {

    private Fixtures() {
    }

    /** White on the left {@code whiteWidth} columns, black elsewhere: every turn and crop shows. */
    static BufferedImage whiteOnTheLeft(int width, int height, int whiteWidth) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, whiteWidth, height);
        graphics.dispose();
        return image;
    }

    /** Random colours: incompressible, so quality shows in the size. */
    static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }

    static BufferedImage transparent(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    }

    static Path write(Path file, BufferedImage image, String format) {
        return write(file, encode(image, format));
    }

    static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** An animated GIF: one frame after the other, each the size of the first. */
    static byte[] animatedGif(BufferedImage... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** The JPEG with an EXIF segment (APP1) right after its start marker, holding only {@code orientation}. */
    static byte[] withOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8); // little-endian TIFF header, IFD0 at offset 8
        tiff.putShort((short) 1); // one entry: Orientation, SHORT, count 1, value
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0); // no next IFD
        byte[] body = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff.array());
        int length = body.length + 2;
        byte[] segment = concat(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length}, body);
        return concat(Arrays.copyOfRange(jpeg, 0, 2), segment, Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /**
     * A PNG whose header claims {@code width x height} RGB pixels, followed by the compressed data of a
     * thousand bytes: a few dozen bytes that a decoder would inflate into whatever the header claims.
     */
    static byte[] pngFlood(int width, int height) {
        byte[] ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0)
                .put((byte) 0).array();
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[1000]);
        deflater.finish();
        byte[] compressed = new byte[100];
        int length = deflater.deflate(compressed);
        deflater.end();
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, pngChunk("IHDR", ihdr),
                pngChunk("IDAT", Arrays.copyOf(compressed, length)), pngChunk("IEND", new byte[0]));
    }

    /** An SVG that would run a script and fetch a remote image if rendered by something that does either. */
    static byte[] svgWithScript() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="4000" height="3000">
                  <script type="text/javascript">alert('affix')</script>
                  <image xlink:href="http://127.0.0.1:9/steal.png" width="100" height="100"/>
                  <rect width="4000" height="3000" fill="red"/>
                </svg>
                """.getBytes(StandardCharsets.UTF_8);
    }

    /** A one-page PDF drawing a rectangle: what a PDF loader would happily rasterise. */
    static byte[] pdf() {
        String content = "0 0 1 rg 10 10 100 100 re f";
        String[] objects = {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
            "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream",
        };
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        int[] offsets = new int[objects.length];
        for (int i = 0; i < objects.length; i++) {
            offsets[i] = pdf.length();
            pdf.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) {
            pdf.append(String.format("%010d 00000 n \n", offset));
        }
        pdf.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] pngChunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return concat(ByteBuffer.allocate(4).putInt(data.length).array(), typeBytes, data, ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}

package dev.affix.demo;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Files for the tests to upload, made on the spot, and their digests. */
final class TestFiles {

    private TestFiles() {
    }

    /** A landscape PNG (a dusk sky, a sun, hills, a sea with its reflection): a cover that looks like one. */
    static Path cover(Path file, int width, int height) {
        return write(landscape(width, height), "png", file);
    }

    /** The same landscape as a JPEG, as cameras and phones write photos. */
    static Path photo(Path file, int width, int height) {
        return write(landscape(width, height), "jpg", file);
    }

    private static Path write(BufferedImage image, String format, Path file) {
        try {
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static BufferedImage landscape(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int horizon = height * 62 / 100;
        g.setPaint(new GradientPaint(0, 0, new Color(0x5b4bdb), 0, horizon, new Color(0xffb38a)));
        g.fillRect(0, 0, width, horizon);
        int sun = height / 4;
        g.setColor(new Color(0xfff0c9));
        g.fillOval(width * 64 / 100, horizon - sun * 3 / 4, sun, sun);
        g.setColor(new Color(0x6a5acd));
        g.fill(hill(width * -10 / 100, width * 55 / 100, horizon, height * 24 / 100));
        g.setColor(new Color(0x463f9e));
        g.fill(hill(width * 25 / 100, width * 95 / 100, horizon, height * 15 / 100));
        g.setPaint(new GradientPaint(0, horizon, new Color(0x3e7be6), 0, height, new Color(0x162f66)));
        g.fillRect(0, horizon, width, height - horizon);
        g.setColor(new Color(255, 236, 200, 120));
        for (int i = 0; i < 7; i++) {
            int y = horizon + 8 + i * (height - horizon) / 8;
            int half = sun / 2 - i * sun / 20;
            g.fillRoundRect(width * 64 / 100 + sun / 2 - half, y, 2 * half, 3, 3, 3);
        }
        g.dispose();
        return image;
    }

    /** A one-page A4 PDF with a title, a coloured band and lines of text, drawn with PDFBox. */
    static Path pdf(Path file, String title) {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            float width = page.getMediaBox().getWidth();
            float height = page.getMediaBox().getHeight();
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.setNonStrokingColor(new Color(0x4f46e5));
                content.addRect(0, height - 140, width, 140);
                content.fill();
                content.beginText();
                content.setNonStrokingColor(Color.WHITE);
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD), 30);
                content.newLineAtOffset(48, height - 90);
                content.showText(title);
                content.endText();
                content.setNonStrokingColor(new Color(0x5f6b7d));
                for (int line = 0; line < 24; line++) {
                    content.addRect(48, height - 200 - line * 24, line % 5 == 4 ? width * 0.4f : width - 96, 8);
                }
                content.fill();
            }
            document.save(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A two-second MP4 (H.264) of ffmpeg's test pattern, made by Debian's ffmpeg. */
    static Path video(Path file, int width, int height) {
        try {
            Process ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
                    "testsrc2=size=" + width + "x" + height + ":rate=12", "-t", "2", "-pix_fmt", "yuv420p", "-y", file.toString())
                    .redirectErrorStream(true).start();
            String output = new String(ffmpeg.getInputStream().readAllBytes());
            if (ffmpeg.waitFor() != 0) {
                throw new IllegalStateException("ffmpeg could not make a test video: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ffmpeg is needed (apt-get install ffmpeg): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return file;
    }

    private static Path2D hill(int from, int to, int base, int rise) {
        Path2D hill = new Path2D.Double();
        hill.moveTo(from, base);
        hill.curveTo(from + (to - from) * 0.3, base - rise * 1.3, from + (to - from) * 0.6, base - rise * 1.1, to, base);
        hill.closePath();
        return hill;
    }

    /** Lines of CSV, {@code bytes} long or a little more, different for each seed. */
    static Path csv(Path file, long bytes, long seed) {
        Random random = new Random(seed);
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("station,time,temperature,pressure\n");
            for (long written = 0; written < bytes; ) {
                String line = "S" + random.nextInt(100) + "," + (1_700_000_000 + random.nextInt(1_000_000)) + ","
                        + (random.nextInt(4000) / 100.0) + "," + (950 + random.nextInt(100)) + "\n";
                out.write(line);
                written += line.length();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static Path text(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of {@code size} bytes whose content does not matter (sparse where the file system allows). */
    static Path sized(Path file, long size) {
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.position(size - 1);
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static String md5(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return md5(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hex MD5 of a stream, read to its end in constant memory. */
    static String md5(InputStream in) throws IOException {
        try {
            DigestInputStream digesting = new DigestInputStream(in, MessageDigest.getInstance("MD5"));
            digesting.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digesting.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The objects a Disk root holds (not its temporary files). */
    static long storedObjects(Path root) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> !root.relativize(p).startsWith(".tmp")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

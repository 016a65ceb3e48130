package dev.affix.pdf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.io.RandomAccessStreamCache;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * Opens a PDF the guarded way, for whatever then reads it (its structure, its first page drawn): every
 * read of the file and of its decoded streams goes through the {@link Abandonment} guard, PDFBox's
 * scratch space is a private folder of temp files, deleted afterwards, and a file locked by a user
 * password is refused with a clear message.
 */
final class OpenPdf {

    /** What is read from the open document, on the parse thread. */
    @FunctionalInterface
    interface Reading<T> {
        T read(PDDocument document) throws IOException;
    }

    // what PDFBox writes while reading (the decrypted copy of an encrypted file's streams) goes to temp
    // files in the private folder, this much at most, never to the heap
    private static final long SCRATCH_BYTES = 64L << 20;

    private OpenPdf() {
    }

    /** Runs on the parse thread: every read of {@code file} goes through {@code abandonment}. */
    static <T> T read(Path file, Abandonment abandonment, Reading<T> reading) throws IOException {
        Path scratch = Files.createTempDirectory("affix-pdf-"); // owner-only permissions on POSIX
        try {
            MemoryUsageSetting memory = MemoryUsageSetting.setupTempFileOnly(SCRATCH_BYTES).setTempDir(scratch.toFile());
            try (RandomAccessStreamCache streamCache = memory.streamCache.create();
                    GuardedRead source = new GuardedRead(new RandomAccessReadBufferedFile(file.toFile()), abandonment);
                    PDDocument document = new GuardedPdfParser(source, streamCache, abandonment).parse()) {
                return reading.read(document);
            } catch (InvalidPasswordException e) {
                throw new PdfAnalysisException("the PDF is encrypted with a password: its pages cannot be read", e);
            }
        } finally {
            deleteTree(scratch);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}

package dev.affix.pdf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a file starts like a PDF: {@code %PDF-} within its first 1024 bytes, where readers accept it
 * (ISO 32000-2, 7.5.2, and Acrobat's implementation note). Checked before PDFBox, whose lenient parser
 * would otherwise scan a whole HTML page or a zero-byte file for objects.
 */
final class PdfSignature {

    private static final byte[] MARKER = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final int WINDOW = 1024;

    private PdfSignature() {
    }

    static boolean present(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(WINDOW);
        }
        for (int start = 0; start + MARKER.length <= head.length; start++) {
            if (matchesAt(head, start)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAt(byte[] head, int start) {
        for (int i = 0; i < MARKER.length; i++) {
            if (head[start + i] != MARKER[i]) {
                return false;
            }
        }
        return true;
    }
}

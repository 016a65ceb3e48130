package dev.affix.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.variant.ProcessingLimits;
import dev.affix.variant.TransformationFailedException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the in-process renderer needs: it is bounded as the analyzer's parse is, by a deadline
 * and an allocation budget, on a thread of its own that ends once abandoned.
 */
@Timeout(60)
class PdfBoxPreviewTest {

    @TempDir
    Path dir;

    @Test
    void aDrawingPastItsDeadlineIsAbandonedAndItsThreadEnds() throws IOException {
        // no cross-reference table and 64 MiB to scan for objects: a long parse that reads all the while
        Path file = dir.resolve("slow.pdf");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
            byte[] filler = "1 0 R ".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written < 64L << 20; written += filler.length) {
                out.write(filler);
            }
        }
        PdfPreviewer previewer = PdfPreviewer.withPdfBox(PdfLimits.defaults());

        assertThatThrownBy(() -> Pdfs.preview(previewer, file, new ProcessingLimits(1_000_000, Duration.ofMillis(100))))
                .isInstanceOf(TransformationFailedException.class)
                .hasMessage("cannot preview the PDF of blob 42: PDF rendering abandoned: it took longer than 100 ms");
        assertThat(Files.exists(dir.resolve("slow.pdf.preview.png"))).isFalse();
        assertRenderThreadEnded();
    }

    @Test
    void theFirstPageIsDrawnWithoutReadingTheOtherPages() throws IOException {
        // the second page sits in an object stream that would inflate to 300 MB: reading it would be abandoned
        Path file = dir.resolve("second-page-bomb.pdf");
        Files.write(file, new CompressedPdf()
                .plain(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .plain(2, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>")
                .plain(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>")
                .compressed(4, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>")
                .objectStreamPadding(300L << 20)
                .bytes());
        PdfPreviewer budgeted = PdfPreviewer.withPdfBox(new PdfLimits(1L << 30, 1000, Duration.ofSeconds(30), 48L << 20));

        BufferedImage preview = Pdfs.preview(budgeted, file, ProcessingLimits.DEFAULTS);

        assertThat(preview.getWidth()).isEqualTo(2048);
        assertThat(preview.getHeight()).isEqualTo(1024);
    }

    @Test
    void anObjectStreamThatExpandsToHundredsOfMegabytesIsAbandoned() throws IOException {
        Path file = dir.resolve("objstm-bomb.pdf");
        Files.write(file, new CompressedPdf()
                .plain(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .compressed(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
                .compressed(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>")
                .objectStreamPadding(300L << 20)
                .bytes());
        PdfPreviewer budgeted = PdfPreviewer.withPdfBox(new PdfLimits(1L << 30, 1000, Duration.ofSeconds(30), 32L << 20));

        assertThatThrownBy(() -> Pdfs.preview(budgeted, file, ProcessingLimits.DEFAULTS))
                .isInstanceOf(TransformationFailedException.class)
                .hasMessage("cannot preview the PDF of blob 42: PDF rendering abandoned: it allocated more than 33554432 bytes");
        assertRenderThreadEnded();
    }

    /** An abandoned drawing has ended by the time the preview fails: its next read threw. */
    private static void assertRenderThreadEnded() {
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().startsWith("affix-pdf-preview-"));
    }
}

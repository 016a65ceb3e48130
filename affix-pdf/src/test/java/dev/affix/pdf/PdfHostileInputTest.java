package dev.affix.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files made to hurt a reader: each is analysed without a hang, an overflowing stack or an exhausted
 * heap (this module's tests run in a 256 MiB heap, see the pom), and yields either safe facts or a
 * {@link PdfAnalysisException}.
 */
@Timeout(60)
class PdfHostileInputTest {

    private final PdfAnalyzer analyzer = new PdfAnalyzer(PdfLimits.defaults());

    @TempDir
    Path dir;

    @Test
    void aZeroByteFileIsNotAPdf() throws IOException {
        Path file = Files.write(dir.resolve("empty.pdf"), new byte[0]);

        assertThatThrownBy(() -> Pdfs.analyze(analyzer, file))
                .isInstanceOf(PdfAnalysisException.class)
                .hasMessageContaining("not a PDF");
    }

    @Test
    void anHtmlPageNamedPdfIsNotAPdf() throws IOException {
        Path file = Files.writeString(dir.resolve("page.pdf"), "<!doctype html><html><body><script>alert(1)</script>obj</body></html>");

        assertThatThrownBy(() -> Pdfs.analyze(analyzer, file))
                .isInstanceOf(PdfAnalysisException.class)
                .hasMessageContaining("not a PDF");
    }

    @Test
    void garbageAfterAPdfHeaderIsUnreadable() throws IOException {
        byte[] noise = new byte[200_000];
        new java.util.Random(7).nextBytes(noise);
        Path file = dir.resolve("noise.pdf");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
            out.write(noise);
        }

        assertThatThrownBy(() -> Pdfs.analyze(analyzer, file))
                .isInstanceOf(PdfAnalysisException.class)
                .hasMessageContaining("unreadable PDF");
    }

    @Test
    void aTruncatedPdfIsReadAsFarAsItGoesOrRefused() throws IOException {
        byte[] whole = Files.readAllBytes(Pdfs.uncompressedDocument(dir.resolve("whole.pdf"), PDRectangle.A4, PDRectangle.A4));
        Path lostItsEnd = Files.write(dir.resolve("cut-end.pdf"), Arrays.copyOf(whole, whole.length * 3 / 4));
        Path keptItsHeader = Files.write(dir.resolve("cut-early.pdf"), Arrays.copyOf(whole, 40));

        // without its cross-reference table PDFBox rebuilds one by scanning the objects that remain
        assertThat(Pdfs.analyze(analyzer, lostItsEnd)).containsExactly(
                Map.entry("page_count", 2), Map.entry("width", 595), Map.entry("height", 841));
        assertThatThrownBy(() -> Pdfs.analyze(analyzer, keptItsHeader))
                .isInstanceOf(PdfAnalysisException.class)
                .hasMessageContaining("unreadable PDF");
    }

    @Test
    void aKidPointingAtItsAncestorNeitherHangsNorOverflows() throws IOException {
        Path file = dir.resolve("loop.pdf");
        new RawPdf()
                .object(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .object(2, "<< /Type /Pages /Kids [3 0 R] /Count 999999 /Parent 3 0 R >>")
                .object(3, "<< /Type /Pages /Kids [2 0 R 3 0 R 4 0 R] /Parent 2 0 R >>")
                .object(4, "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 200 100] >>")
                .write(file);

        assertThat(Pdfs.analyze(analyzer, file)).containsExactly(
                Map.entry("page_count", 1), Map.entry("width", 200), Map.entry("height", 100));
    }

    @Test
    void aPageTreeThatIsOnlyALoopHasNoPages() throws IOException {
        Path file = dir.resolve("only-loop.pdf");
        new RawPdf()
                .object(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .object(2, "<< /Type /Pages /Kids [3 0 R] >>")
                .object(3, "<< /Type /Pages /Kids [2 0 R] >>")
                .write(file);

        assertThat(Pdfs.analyze(analyzer, file)).containsExactly(Map.entry("page_count", 0));
    }

    @Test
    void aPageTreeTenThousandLevelsDeepIsWalkedWithoutRecursion() throws IOException {
        int depth = 10_000;
        RawPdf pdf = new RawPdf().object(1, "<< /Type /Catalog /Pages 2 0 R >>");
        for (int level = 0; level < depth; level++) {
            int number = 2 + level;
            String parent = level == 0 ? "" : " /Parent " + (number - 1) + " 0 R";
            String rotate = level == 0 ? " /Rotate 90 /MediaBox [0 0 300 100]" : "";
            pdf.object(number, "<< /Type /Pages /Kids [" + (number + 1) + " 0 R] /Count 1" + parent + rotate + " >>");
        }
        pdf.object(depth + 2, "<< /Type /Page /Parent " + (depth + 1) + " 0 R >>");
        Path file = pdf.write(dir.resolve("deep.pdf"));

        // the box and rotation are inherited from the top, ten thousand levels up
        assertThat(Pdfs.analyze(analyzer, file)).containsExactly(
                Map.entry("page_count", 1), Map.entry("width", 100), Map.entry("height", 300));
    }

    @Test
    void theFirstPageIsFoundWithoutReadingTheOtherPages() throws IOException {
        // the second page sits in an object stream that would inflate to 300 MB: reading it would be abandoned
        Path file = dir.resolve("second-page-bomb.pdf");
        Files.write(file, new CompressedPdf()
                .plain(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .plain(2, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>")
                .plain(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>")
                .compressed(4, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>")
                .objectStreamPadding(300L << 20)
                .bytes());
        PdfAnalyzer budgeted = new PdfAnalyzer(new PdfLimits(1L << 30, 1000, Duration.ofSeconds(30), 32L << 20));

        assertThat(Pdfs.analyze(budgeted, file)).containsExactly(
                Map.entry("page_count", 2), Map.entry("width", 200), Map.entry("height", 100));
    }

    @Test
    void aHugeMediaBoxClaimGivesNoSize() throws IOException {
        Path file = dir.resolve("huge.pdf");
        new RawPdf()
                .object(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
                .object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 99999999999999999999 3000000000] >>")
                .write(file);

        assertThat(Pdfs.analyze(analyzer, file)).containsExactly(Map.entry("page_count", 1));
    }

    @Test
    void anEmptyOrInvertedBoxGivesNoSize() throws IOException {
        Path file = dir.resolve("flat.pdf");
        new RawPdf()
                .object(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
                .object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 500 500] /CropBox [600 600 700 700] >>")
                .write(file);

        assertThat(Pdfs.analyze(analyzer, file)).containsExactly(Map.entry("page_count", 1));
    }

    @Test
    void aPageTreeLargerThanTheNodeLimitIsNotCountedOneByOne() throws IOException {
        RawPdf pdf = new RawPdf()
                .object(1, "<< /Type /Catalog /Pages 2 0 R >>");
        StringBuilder kids = new StringBuilder();
        for (int page = 0; page < 50; page++) {
            kids.append(3 + page).append(" 0 R ");
            pdf.object(3 + page, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>");
        }
        // no /Count: the pages could only be counted by visiting them, and 20 visits are allowed
        pdf.object(2, "<< /Type /Pages /Kids [" + kids + "] >>");
        Path file = pdf.write(dir.resolve("wide.pdf"));
        PdfAnalyzer visitingTwenty = new PdfAnalyzer(new PdfLimits(1L << 30, 20, Duration.ofSeconds(15), 256L << 20));

        assertThat(Pdfs.analyze(visitingTwenty, file)).containsExactly(Map.entry("width", 10), Map.entry("height", 10));
    }

    @Test
    void aFileLargerThanTheLimitIsNotOpened() throws IOException {
        Path file = Pdfs.document(dir.resolve("big.pdf"), PDRectangle.A4);
        PdfAnalyzer tiny = new PdfAnalyzer(new PdfLimits(100, 10, Duration.ofSeconds(15), 256L << 20));

        assertThatThrownBy(() -> Pdfs.analyze(tiny, file))
                .isInstanceOf(PdfAnalysisException.class)
                .hasMessageContaining("more than analysis.pdf_max_bytes (100)");
    }

    @Test
    void aCrossReferenceStreamThatExpandsToHundredsOfMegabytesIsAbandoned() throws IOException {
        Path file = dir.resolve("xref-bomb.pdf");
        Files.write(file, new CompressedPdf()
                .plain(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .plain(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
                .plain(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>")
                .crossReferencePadding(300L << 20)
                .bytes());
        PdfAnalyzer budgeted = new PdfAnalyzer(new PdfLimits(1L << 30, 1000, Duration.ofSeconds(30), 32L << 20));

        assertThat(Files.size(file)).isLessThan(1L << 20);
        assertThatThrownBy(() -> Pdfs.analyze(budgeted, file))
                .isInstanceOf(PdfAnalysisException.class)
                .hasMessageContaining("abandoned: it allocated more than 33554432 bytes");
        assertParseThreadEnded();
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
        PdfAnalyzer budgeted = new PdfAnalyzer(new PdfLimits(1L << 30, 1000, Duration.ofSeconds(30), 32L << 20));

        assertThatThrownBy(() -> Pdfs.analyze(budgeted, file))
                .isInstanceOf(PdfAnalysisException.class)
                .hasMessageContaining("abandoned: it allocated more than 33554432 bytes");
        assertParseThreadEnded();
    }

    @Test
    void aCrossReferenceStreamOfMillionsOfTinyEntriesIsAbandonedWhileItIsTurnedIntoATable() throws IOException {
        // 160 kB inflating to 40 MB of one-byte entries: within the budget as bytes, gigabytes as a table
        Path file = Files.write(dir.resolve("tiny-entries.pdf"), tinyEntries(40_000_000));
        PdfAnalyzer budgeted = new PdfAnalyzer(new PdfLimits(1L << 30, 1000, Duration.ofSeconds(30), 64L << 20));

        long started = System.nanoTime();
        assertThatThrownBy(() -> Pdfs.analyze(budgeted, file))
                .isInstanceOf(PdfAnalysisException.class)
                .hasMessageContaining("abandoned: it allocated more than 67108864 bytes");

        // the parse stops at its next read once abandoned; one that ran on would keep the analyzer waiting 2 s
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertParseThreadEnded();
    }

    @Test
    void anObjectStreamOfMillionsOfNumbersIsAbandonedWhileItIsParsed() throws IOException {
        assertAbandonedPromptly(Files.write(dir.resolve("numbers.pdf"), millionsOfNumbers()));
    }

    @Test
    void anObjectStreamOfMillionsOfNumbersIsAbandonedWhenADamagedFileIsScannedForObjects() throws IOException {
        // a startxref pointing nowhere: PDFBox scans the file and parses every object stream it finds
        String pdf = new String(millionsOfNumbers(), StandardCharsets.ISO_8859_1);
        String damaged = pdf.substring(0, pdf.lastIndexOf("startxref")) + "startxref\n999999999\n%%EOF\n";

        assertAbandonedPromptly(Files.write(dir.resolve("damaged-numbers.pdf"), damaged.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** 30 kB whose object stream inflates to an array of 7 million numbers: 28 MB as bytes, hundreds of MB as objects. */
    private static byte[] millionsOfNumbers() throws IOException {
        return new CompressedPdf()
                .plain(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .compressed(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /Numbers [" + "0.5 ".repeat(7_000_000) + "] >>")
                .plain(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>")
                .bytes();
    }

    private static void assertAbandonedPromptly(Path file) throws IOException {
        PdfAnalyzer budgeted = new PdfAnalyzer(new PdfLimits(1L << 30, 1000, Duration.ofSeconds(30), 64L << 20));
        assertThat(Files.size(file)).isLessThan(100_000);

        long started = System.nanoTime();
        assertThatThrownBy(() -> Pdfs.analyze(budgeted, file))
                .isInstanceOf(PdfAnalysisException.class)
                .hasMessageContaining("abandoned: it allocated more than 67108864 bytes");

        // the parse stops at its next read once abandoned; one that ran on would keep the analyzer waiting 2 s
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertParseThreadEnded();
    }

    @Test
    void aParsePastItsDeadlineIsAbandonedAndItsThreadEnds() throws IOException {
        // no cross-reference table and 64 MiB to scan for objects: a long parse that reads all the while
        Path file = dir.resolve("slow.pdf");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
            byte[] filler = "1 0 R ".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written < 64L << 20; written += filler.length) {
                out.write(filler);
            }
        }
        PdfAnalyzer impatient = new PdfAnalyzer(new PdfLimits(1L << 30, 1000, Duration.ofMillis(100), Long.MAX_VALUE));

        long started = System.nanoTime();
        assertThatThrownBy(() -> Pdfs.analyze(impatient, file))
                .isInstanceOf(PdfAnalysisException.class)
                .hasMessageContaining("abandoned: it took longer than 100 ms");

        // the analysis returns as soon as the parse thread ends, not after the 2 s it would wait for it
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
        assertParseThreadEnded();
    }

    @Test
    void thePrivateScratchFolderIsDeletedAfterEachAnalysis() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = scratchFolders(tmp);

        Pdfs.analyze(analyzer, Pdfs.document(dir.resolve("a.pdf"), PDRectangle.A4));
        assertThatThrownBy(() -> Pdfs.analyze(analyzer, Files.write(dir.resolve("b.pdf"), "%PDF-1.4\n junk".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(PdfAnalysisException.class);

        assertThat(scratchFolders(tmp)).isEqualTo(before);
    }

    private static Set<Path> scratchFolders(Path tmp) throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(path -> path.getFileName().toString().startsWith("affix-pdf-")).collect(Collectors.toSet());
        }
    }

    /**
     * An abandoned parse has ended by the time the analysis returns: its next read failed. (A parse that
     * ran on would still be alive after the 2 s the analyzer waits for it.)
     */
    private static void assertParseThreadEnded() {
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().startsWith("affix-pdf-blob-"));
    }

    /** A catalog and an empty page tree, and a cross-reference stream of {@code count} entries of one byte each. */
    private static byte[] tinyEntries(int count) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n").getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(entries, new Deflater(Deflater.BEST_COMPRESSION))) {
            byte[] offsets = new byte[1 << 20];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = (byte) (i * 7);
            }
            for (int written = 0; written < count; written += offsets.length) {
                deflater.write(offsets, 0, Math.min(offsets.length, count - written));
            }
        }
        long xref = out.size();
        out.writeBytes(("3 0 obj\n<< /Type /XRef /Size " + count + " /W [0 1 0] /Root 1 0 R /Filter /FlateDecode /Length "
                + entries.size() + " >>\nstream\n").getBytes(StandardCharsets.US_ASCII));
        out.write(entries.toByteArray());
        out.writeBytes(("\nendstream\nendobj\nstartxref\n" + xref + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}

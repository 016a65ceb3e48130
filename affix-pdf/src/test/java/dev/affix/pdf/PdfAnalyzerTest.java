package dev.affix.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.blob.Blob;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facts the analyzer reads from well-formed PDFs, each made here with PDFBox. */
class PdfAnalyzerTest {

    private final PdfAnalyzer analyzer = new PdfAnalyzer(PdfLimits.defaults());

    @TempDir
    Path dir;

    @Test
    void readsThePageCountAndTheFirstPageSizeInWholePoints() throws IOException {
        Path file = Pdfs.document(dir.resolve("a.pdf"), PDRectangle.A4, PDRectangle.LETTER, PDRectangle.A3);

        // A4 is 595.28 x 841.89 points: whole points, rounded down as Rails' proposed analyzer did
        assertThat(Pdfs.analyze(analyzer, file)).containsExactly(
                Map.entry("page_count", 3), Map.entry("width", 595), Map.entry("height", 841));
    }

    @Test
    void readsAClassicCrossReferenceTableAsWellAsStreams() throws IOException {
        Path file = Pdfs.uncompressedDocument(dir.resolve("plain.pdf"), PDRectangle.LETTER, PDRectangle.A4);

        assertThat(Pdfs.analyze(analyzer, file)).containsExactly(
                Map.entry("page_count", 2), Map.entry("width", 612), Map.entry("height", 792));
    }

    @Test
    void aQuarterTurnSwapsWidthAndHeight() throws IOException {
        PDRectangle landscape = new PDRectangle(300, 100);

        assertThat(Pdfs.analyze(analyzer, Pdfs.page(dir.resolve("r90.pdf"), landscape, null, 90)))
                .containsEntry("width", 100).containsEntry("height", 300);
        assertThat(Pdfs.analyze(analyzer, Pdfs.page(dir.resolve("r270.pdf"), landscape, null, 270)))
                .containsEntry("width", 100).containsEntry("height", 300);
        assertThat(Pdfs.analyze(analyzer, Pdfs.page(dir.resolve("rminus90.pdf"), landscape, null, -90)))
                .containsEntry("width", 100).containsEntry("height", 300);
        assertThat(Pdfs.analyze(analyzer, Pdfs.page(dir.resolve("r180.pdf"), landscape, null, 180)))
                .containsEntry("width", 300).containsEntry("height", 100);
        assertThat(Pdfs.analyze(analyzer, Pdfs.page(dir.resolve("r45.pdf"), landscape, null, 45)))
                .as("a rotation that is not a multiple of 90 is ignored, as viewers do")
                .containsEntry("width", 300).containsEntry("height", 100);
    }

    @Test
    void theCropBoxIsTheSizeShownClippedToTheMediaBox() throws IOException {
        Path cropped = Pdfs.page(dir.resolve("crop.pdf"), PDRectangle.A4, new PDRectangle(50, 60, 429.7f, 144.2f), null);
        Path overhanging = Pdfs.page(dir.resolve("over.pdf"), new PDRectangle(400, 300), new PDRectangle(-100, 100, 1000, 1000), null);

        assertThat(Pdfs.analyze(analyzer, cropped)).containsEntry("width", 429).containsEntry("height", 144);
        assertThat(Pdfs.analyze(analyzer, overhanging)).containsEntry("width", 400).containsEntry("height", 200);
    }

    @Test
    void boxesAndRotationAreInheritedFromThePageTree() throws IOException {
        Path file = dir.resolve("inherited.pdf");
        new RawPdf()
                .object(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 500 400] /CropBox [0 0 250 400] /Rotate 90 >>")
                .object(3, "<< /Type /Page /Parent 2 0 R >>")
                .write(file);

        assertThat(Pdfs.analyze(analyzer, file)).containsExactly(
                Map.entry("page_count", 1), Map.entry("width", 400), Map.entry("height", 250));
    }

    @Test
    void aPageWithoutAnyBoxIsLetterSizedAsReadersAssume() throws IOException {
        Path file = dir.resolve("nobox.pdf");
        new RawPdf()
                .object(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
                .object(3, "<< /Type /Page /Parent 2 0 R >>")
                .write(file);

        assertThat(Pdfs.analyze(analyzer, file)).containsEntry("width", 612).containsEntry("height", 792);
    }

    @Test
    void thousandsOfPagesAreCountedFromThePageTreeWithoutVisitingThem() throws IOException {
        Path file = dir.resolve("many.pdf");
        try (PDDocument document = new PDDocument()) {
            for (int i = 0; i < 5_000; i++) {
                document.addPage(new PDPage(i == 0 ? PDRectangle.A5 : PDRectangle.A4));
            }
            document.save(file.toFile());
        }
        // a walk that may visit ten page-tree nodes could not count 5,000 pages: /Count is what says it
        PdfAnalyzer walkingTenNodes = new PdfAnalyzer(new PdfLimits(1L << 30, 10, Duration.ofSeconds(15), 256L << 20));

        assertThat(Pdfs.analyze(walkingTenNodes, file)).containsExactly(
                Map.entry("page_count", 5_000), Map.entry("width", 419), Map.entry("height", 595));
    }

    @Test
    void anEncryptedPdfThatOpensWithoutAPasswordIsRead() throws IOException {
        Path file = dir.resolve("owner-only.pdf");
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage(PDRectangle.A4));
            document.addPage(new PDPage(PDRectangle.A4));
            // an owner password restricts what may be done; the empty user password still opens it
            document.protect(new StandardProtectionPolicy("owner-secret", "", new AccessPermission()));
            document.save(file.toFile());
        }

        assertThat(Pdfs.analyze(analyzer, file)).containsExactly(
                Map.entry("page_count", 2), Map.entry("width", 595), Map.entry("height", 841));
    }

    @Test
    void aPdfLockedWithAUserPasswordGivesNothingAndSaysWhy() throws IOException {
        Path file = dir.resolve("locked.pdf");
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage(PDRectangle.A4));
            document.protect(new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission()));
            document.save(file.toFile());
        }

        assertThatThrownBy(() -> Pdfs.analyze(analyzer, file))
                .isInstanceOf(PdfAnalysisException.class)
                .hasMessageContaining("encrypted with a password");
    }

    @Test
    void onlyTheFactsReachTheMetadataNeverTheDocumentsText() throws IOException {
        Path file = dir.resolve("secret.pdf");
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage(PDRectangle.A4));
            document.getDocumentInformation().setTitle("Quarterly secrets");
            document.getDocumentInformation().setAuthor("Someone private");
            document.save(file.toFile());
        }

        Map<String, Object> facts = Pdfs.analyze(analyzer, file);

        assertThat(facts).containsOnlyKeys("page_count", "width", "height");
        assertThat(facts.values()).allSatisfy(value -> assertThat(value).isInstanceOf(Integer.class));
    }

    @Test
    void acceptsPdfsByTheirContentTypeOnly() {
        assertThat(analyzer.accepts(blob("application/pdf"))).isTrue();
        assertThat(analyzer.accepts(blob("Application/PDF; charset=binary"))).isTrue();
        assertThat(analyzer.accepts(blob("image/png"))).isFalse();
        assertThat(analyzer.accepts(blob("application/pdf-but-not-really"))).isFalse();
        assertThat(analyzer.accepts(blob(null))).isFalse();
        assertThat(analyzer.name()).isEqualTo("pdf");
    }

    @Test
    void thePageTreesCountIsCheckedAgainstTheObjectsInTheFile() throws IOException {
        // three pages in a file of a handful of objects cannot be a billion: they are counted instead
        Path file = dir.resolve("lying-count.pdf");
        new RawPdf()
                .object(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .object(2, "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 1000000000 /MediaBox [0 0 200 100] >>")
                .object(3, "<< /Type /Page /Parent 2 0 R >>")
                .object(4, "<< /Type /Page /Parent 2 0 R >>")
                .object(5, "<< /Type /Page /Parent 2 0 R >>")
                .write(file);

        assertThat(Pdfs.analyze(analyzer, file)).containsEntry("page_count", 3);
    }

    @Test
    void aPageTreeWithoutCountIsCountedPageByPage() throws IOException {
        Path file = dir.resolve("no-count.pdf");
        new RawPdf()
                .object(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .object(2, "<< /Type /Pages /Kids [3 0 R 4 0 R] >>")
                .object(3, "<< /Type /Pages /Kids [5 0 R 6 0 R] /Parent 2 0 R >>")
                .object(4, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>")
                .object(5, "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 300 200] >>")
                .object(6, "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 100 100] >>")
                .write(file);

        // the first page in reading order is the first leaf, under the first kid
        assertThat(Pdfs.analyze(analyzer, file)).containsExactly(
                Map.entry("page_count", 3), Map.entry("width", 300), Map.entry("height", 200));
    }

    @Test
    void aRotationOnThePageItselfWinsOverAnInheritedOne() throws IOException {
        Path file = dir.resolve("own-rotate.pdf");
        new RawPdf()
                .object(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /Rotate 90 >>")
                .object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Rotate 0 >>")
                .write(file);

        assertThat(Pdfs.analyze(analyzer, file)).containsEntry("width", 300).containsEntry("height", 100);
    }

    private static Blob blob(String contentType) {
        return new Blob(1, "key", "file", contentType, Map.of(), "local", 10, null, Instant.now());
    }
}

package dev.affix.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.blob.Blob;
import dev.affix.tool.ExternalTool;
import dev.affix.variant.ProcessingLimits;
import dev.affix.variant.TransformationFailedException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first page drawn by either renderer, pdftoppm and PDFBox, from PDFs made here: the same file
 * gives the same preview, and the same refusals, whichever draws it.
 */
@Timeout(60)
class PdfPreviewerTest {

    private static final ProcessingLimits LIMITS = ProcessingLimits.DEFAULTS;

    @TempDir
    Path dir;

    static Stream<PdfPreviewer> previewers() {
        ExternalTool pdftoppm = ExternalTool.find("pdftoppm")
                .orElseThrow(() -> new AssertionError("pdftoppm is not on PATH: install poppler-utils (apt-get install poppler-utils)"));
        return Stream.of(PdfPreviewer.withPdftoppm(pdftoppm, PdfLimits.defaults()), PdfPreviewer.withPdfBox(PdfLimits.defaults()));
    }

    @Test
    void acceptsPdfsOnly() {
        PdfPreviewer previewer = PdfPreviewer.withPdfBox(PdfLimits.defaults());

        assertThat(previewer.name()).isEqualTo("pdf");
        assertThat(previewer.accepts(blob("application/pdf"))).isTrue();
        assertThat(previewer.accepts(blob("Application/PDF; charset=binary"))).isTrue();
        assertThat(previewer.accepts(blob("image/png"))).isFalse();
        assertThat(previewer.accepts(blob("application/x-pdf-not"))).isFalse();
        assertThat(previewer.accepts(blob(null))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("previewers")
    void drawsTheFirstPageWithItsLongerSideAt2048Pixels(PdfPreviewer previewer) throws IOException {
        Path file = Pdfs.leftHalfBlack(dir.resolve("wide.pdf"), new PDRectangle(300, 100), null);

        BufferedImage preview = Pdfs.preview(previewer, file, LIMITS);

        assertThat(preview.getWidth()).isEqualTo(2048);
        assertThat(preview.getHeight()).isBetween(682, 683);
        // the first page, left half black: the second page, all black, would be neither white nor this shape
        assertThat(brightness(preview, 500, 340)).isLessThan(0.1);
        assertThat(brightness(preview, 1500, 340)).isGreaterThan(0.9);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("previewers")
    void textInAStandardFontIsDrawn(PdfPreviewer previewer) throws IOException {
        Path file = dir.resolve("text.pdf");
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(400, 100));
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD), 72);
                content.newLineAtOffset(10, 20);
                content.showText("IIIII");
                content.endText();
            }
            document.save(file.toFile());
        }

        BufferedImage preview = Pdfs.preview(previewer, file, LIMITS);

        // five capital I's, 72 points high from 20 points up: their stems darken part of the line, nothing above it
        assertThat(preview.getHeight()).isEqualTo(512);
        assertThat(darkShare(preview, 51, 160, 563, 400)).isBetween(0.2, 0.8);
        assertThat(darkShare(preview, 0, 0, 2048, 100)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("previewers")
    void aPortraitPageIsFittedByItsHeight(PdfPreviewer previewer) throws IOException {
        Path file = Pdfs.document(dir.resolve("a4.pdf"), PDRectangle.A4, PDRectangle.A3);

        BufferedImage preview = Pdfs.preview(previewer, file, LIMITS);

        // A4 is 595.28 x 841.89 points: 1448.1 pixels wide, which pdftoppm rounds up and PDFBox down
        assertThat(preview.getHeight()).isEqualTo(2048);
        assertThat(preview.getWidth()).isBetween(1447, 1449);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("previewers")
    void aPageTurnedAQuarterIsDrawnTurned(PdfPreviewer previewer) throws IOException {
        Path file = Pdfs.leftHalfBlack(dir.resolve("turned.pdf"), new PDRectangle(300, 100), 90);

        BufferedImage preview = Pdfs.preview(previewer, file, LIMITS);

        assertThat(preview.getWidth()).isBetween(682, 683);
        assertThat(preview.getHeight()).isEqualTo(2048);
        // turned clockwise, the page's left half is the picture's top half
        assertThat(brightness(preview, 340, 500)).isLessThan(0.1);
        assertThat(brightness(preview, 340, 1500)).isGreaterThan(0.9);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("previewers")
    void theCropBoxIsWhatIsDrawn(PdfPreviewer previewer) throws IOException {
        Path file = Pdfs.page(dir.resolve("cropped.pdf"), PDRectangle.A4, new PDRectangle(50, 50, 200, 100), null);

        BufferedImage preview = Pdfs.preview(previewer, file, LIMITS);

        assertThat(preview.getWidth()).isEqualTo(2048);
        assertThat(preview.getHeight()).isEqualTo(1024);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("previewers")
    void thePixelLimitShrinksThePreview(PdfPreviewer previewer) throws IOException {
        Path file = Pdfs.leftHalfBlack(dir.resolve("small.pdf"), new PDRectangle(300, 100), null);

        BufferedImage preview = Pdfs.preview(previewer, file, new ProcessingLimits(10_000, LIMITS.timeout()));

        assertThat(preview.getWidth()).isEqualTo(100);
        assertThat(preview.getHeight()).isBetween(33, 34);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("previewers")
    void aPageClaimingAHugeSizeIsNoPixelFlood(PdfPreviewer previewer) throws IOException {
        Path file = new RawPdf()
                .object(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
                .object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /UserUnit 75 >>")
                .write(dir.resolve("huge.pdf"));
        Path absurd = new RawPdf()
                .object(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
                .object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 99999999999999999999 3000000000] >>")
                .write(dir.resolve("absurd.pdf"));

        BufferedImage huge = Pdfs.preview(previewer, file, LIMITS);
        assertThat(huge.getWidth()).isEqualTo(2048);
        assertThat(huge.getHeight()).isEqualTo(2048);
        BufferedImage wide = Pdfs.preview(previewer, absurd, LIMITS);
        assertThat(wide.getWidth()).isLessThanOrEqualTo(2048);
        assertThat(wide.getHeight()).isLessThanOrEqualTo(2048);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("previewers")
    void aPdfLockedByAUserPasswordIsRefusedAsEncrypted(PdfPreviewer previewer) throws IOException {
        Path locked = dir.resolve("locked.pdf");
        Path restricted = dir.resolve("restricted.pdf");
        for (Path file : new Path[] {locked, restricted}) {
            try (PDDocument document = new PDDocument()) {
                document.addPage(new PDPage(PDRectangle.A4));
                String user = file == locked ? "user-secret" : "";
                document.protect(new StandardProtectionPolicy("owner-secret", user, new AccessPermission()));
                document.save(file.toFile());
            }
        }

        assertThatThrownBy(() -> Pdfs.preview(previewer, locked, LIMITS))
                .isInstanceOf(TransformationFailedException.class)
                .hasMessage("cannot preview the PDF of blob 42: the PDF is encrypted with a password: its pages cannot be read");
        assertThat(Files.exists(dir.resolve("locked.pdf.preview.png"))).isFalse();
        // an owner password only restricts what may be done with it: the empty user password opens it
        assertThat(Pdfs.preview(previewer, restricted, LIMITS).getHeight()).isEqualTo(2048);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("previewers")
    void aTruncatedPdfIsDrawnFromWhatRemainsOrRefused(PdfPreviewer previewer) throws IOException {
        byte[] whole = Files.readAllBytes(Pdfs.uncompressedDocument(dir.resolve("whole.pdf"), PDRectangle.A4, PDRectangle.A4));
        Path lostItsEnd = Files.write(dir.resolve("cut-end.pdf"), Arrays.copyOf(whole, whole.length * 3 / 4));
        Path keptItsHeader = Files.write(dir.resolve("cut-early.pdf"), Arrays.copyOf(whole, 40));

        // without its cross-reference table, both rebuild one by scanning the objects that remain
        assertThat(Pdfs.preview(previewer, lostItsEnd, LIMITS).getHeight()).isEqualTo(2048);
        assertThatThrownBy(() -> Pdfs.preview(previewer, keptItsHeader, LIMITS))
                .isInstanceOf(TransformationFailedException.class)
                .hasMessageStartingWith("cannot preview the PDF of blob 42: ");
        assertThat(Files.exists(dir.resolve("cut-early.pdf.preview.png"))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("previewers")
    void aLoopingPageTreeNeitherHangsNorOverflows(PdfPreviewer previewer) throws IOException {
        Path kidIsAncestor = new RawPdf()
                .object(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .object(2, "<< /Type /Pages /Kids [3 0 R] /Count 999999 /Parent 3 0 R >>")
                .object(3, "<< /Type /Pages /Kids [2 0 R 3 0 R 4 0 R] /Parent 2 0 R >>")
                .object(4, "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 200 100] >>")
                .write(dir.resolve("loop.pdf"));
        Path onlyALoop = new RawPdf()
                .object(1, "<< /Type /Catalog /Pages 2 0 R >>")
                .object(2, "<< /Type /Pages /Kids [3 0 R] >>")
                .object(3, "<< /Type /Pages /Kids [2 0 R] >>")
                .write(dir.resolve("only-loop.pdf"));

        assertThatThrownBy(() -> Pdfs.preview(previewer, onlyALoop, LIMITS))
                .isInstanceOf(TransformationFailedException.class)
                .hasMessageStartingWith("cannot preview the PDF of blob 42: ");
        // poppler refuses a tree whose kid is its ancestor; PDFBox skips the kid and finds the page
        if (previewer.renderer().equals("PDFBox")) {
            BufferedImage preview = Pdfs.preview(previewer, kidIsAncestor, LIMITS);
            assertThat(preview.getWidth()).isEqualTo(2048);
            assertThat(preview.getHeight()).isEqualTo(1024);
        } else {
            assertThatThrownBy(() -> Pdfs.preview(previewer, kidIsAncestor, LIMITS)).isInstanceOf(TransformationFailedException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("previewers")
    void whatIsNotAPdfOrTooLargeIsNotOpened(PdfPreviewer previewer) throws IOException {
        Path html = Files.writeString(dir.resolve("page.pdf"), "<!doctype html><html><body>obj</body></html>");
        Path file = Pdfs.document(dir.resolve("a.pdf"), PDRectangle.A4);
        PdfPreviewer tiny = previewer.renderer().equals("PDFBox")
                ? PdfPreviewer.withPdfBox(new PdfLimits(100, 10, PdfLimits.defaults().timeout(), 256L << 20))
                : PdfPreviewer.withPdftoppm(ExternalTool.find("pdftoppm").orElseThrow(),
                        new PdfLimits(100, 10, PdfLimits.defaults().timeout(), 256L << 20));

        assertThatThrownBy(() -> Pdfs.preview(previewer, html, LIMITS))
                .isInstanceOf(TransformationFailedException.class)
                .hasMessage("cannot preview the PDF of blob 42: not a PDF: no %PDF- header in its first 1024 bytes");
        assertThatThrownBy(() -> Pdfs.preview(tiny, file, LIMITS))
                .isInstanceOf(TransformationFailedException.class)
                .hasMessageContaining("more than analysis.pdf_max_bytes (100)");
    }

    /** The share of dark pixels in a box of the image. */
    private static double darkShare(BufferedImage image, int left, int top, int right, int bottom) {
        int dark = 0;
        for (int y = top; y < bottom; y++) {
            for (int x = left; x < right; x++) {
                if (brightness(image, x, y) < 0.5) {
                    dark++;
                }
            }
        }
        return dark / (double) ((right - left) * (bottom - top));
    }

    private static Blob blob(String contentType) {
        return new Blob(42, "key", "doc.pdf", contentType, Map.of(), "local", 0, null, Instant.now());
    }

    /** The brightness of one pixel, 0 black to 1 white. */
    static double brightness(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        return (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / (3 * 255.0);
    }
}

package dev.affix.pdf;

import dev.affix.analysis.AnalysisInput;
import dev.affix.analysis.AnalysisResult;
import dev.affix.blob.Blob;
import dev.affix.variant.PreviewRequest;
import dev.affix.variant.ProcessingLimits;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/** Test helpers: PDFs made with PDFBox, and an analysis or a preview of a file as the pipeline would run it. */
final class Pdfs {

    private Pdfs() {
    }

    static Map<String, Object> analyze(PdfAnalyzer analyzer, Path file) throws IOException {
        Blob blob = new Blob(42, "key", file.getFileName().toString(), "application/pdf", Map.of(), "local", Files.size(file), null,
                Instant.now());
        AnalysisResult result = analyzer.analyze(new AnalysisInput(blob, file, Map.of()));
        return result.facts();
    }

    /** The preview of a file as the pipeline asks for it: the PNG drawn, read back. */
    static BufferedImage preview(PdfPreviewer previewer, Path file, ProcessingLimits limits) throws IOException {
        Path target = file.resolveSibling(file.getFileName() + ".preview.png");
        Blob blob = new Blob(42, "key", file.getFileName().toString(), "application/pdf", Map.of(), "local", Files.size(file), null,
                Instant.now());
        previewer.preview(new PreviewRequest(blob, file, target, limits));
        BufferedImage image = ImageIO.read(target.toFile());
        if (image == null) {
            throw new AssertionError("the preview of " + file + " is not an image ImageIO reads");
        }
        return image;
    }

    /**
     * A first page of the given size whose left half is black (the right half is left white), and a
     * second page, A4, all black: a preview of the wrong page, or of the page unscaled, shows.
     */
    static Path leftHalfBlack(Path file, PDRectangle firstPage, Integer rotate) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage first = new PDPage(firstPage);
            if (rotate != null) {
                first.getCOSObject().setInt(COSName.ROTATE, rotate);
            }
            document.addPage(first);
            fill(document, first, 0, 0, firstPage.getWidth() / 2, firstPage.getHeight());
            PDPage second = new PDPage(PDRectangle.A4);
            document.addPage(second);
            fill(document, second, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
            document.save(file.toFile());
        }
        return file;
    }

    private static void fill(PDDocument document, PDPage page, float x, float y, float width, float height) throws IOException {
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            content.setNonStrokingColor(Color.BLACK);
            content.addRect(x, y, width, height);
            content.fill();
        }
    }

    /** A document of the given pages, each given by its media box, saved with object and xref streams. */
    static Path document(Path file, PDRectangle... mediaBoxes) throws IOException {
        try (PDDocument document = new PDDocument()) {
            for (PDRectangle box : mediaBoxes) {
                document.addPage(new PDPage(box));
            }
            document.save(file.toFile());
        }
        return file;
    }

    /** The same, with a classic cross-reference table and no compression. */
    static Path uncompressedDocument(Path file, PDRectangle... mediaBoxes) throws IOException {
        try (PDDocument document = new PDDocument()) {
            for (PDRectangle box : mediaBoxes) {
                document.addPage(new PDPage(box));
            }
            document.save(file.toFile(), CompressParameters.NO_COMPRESSION);
        }
        return file;
    }

    /** One page with the given media box, crop box (null for none) and /Rotate (null for none). */
    static Path page(Path file, PDRectangle mediaBox, PDRectangle cropBox, Integer rotate) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(mediaBox);
            if (cropBox != null) {
                page.setCropBox(cropBox);
            }
            if (rotate != null) {
                page.getCOSObject().setInt(COSName.ROTATE, rotate);
            }
            document.addPage(page);
            document.save(file.toFile());
        }
        return file;
    }
}

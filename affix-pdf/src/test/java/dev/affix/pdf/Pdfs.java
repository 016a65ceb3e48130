package dev.affix.pdf;

import dev.affix.analysis.AnalysisInput;
import dev.affix.analysis.AnalysisResult;
import dev.affix.blob.Blob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/** Test helpers: PDFs made with PDFBox, and an analysis of a file as the pipeline would run it. */
final class Pdfs {

    private Pdfs() {
    }

    static Map<String, Object> analyze(PdfAnalyzer analyzer, Path file) throws IOException {
        Blob blob = new Blob(42, "key", file.getFileName().toString(), "application/pdf", Map.of(), "local", Files.size(file), null,
                Instant.now());
        AnalysisResult result = analyzer.analyze(new AnalysisInput(blob, file, Map.of()));
        return result.facts();
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

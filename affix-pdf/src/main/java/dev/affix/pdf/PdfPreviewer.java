package dev.affix.pdf;

import dev.affix.blob.Blob;
import dev.affix.tool.ExternalTool;
import dev.affix.variant.OutputFormat;
import dev.affix.variant.PreviewRequest;
import dev.affix.variant.Previewer;
import dev.affix.variant.ProcessingLimits;
import dev.affix.variant.TransformationFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code pdf} previewer: a PDF's first page as a PNG, its longer side 2048 pixels (fewer when
 * {@link ProcessingLimits#maxPixels()} allows less), whatever size the page claims. Drawn by poppler's
 * {@code pdftoppm} where it is installed, as Rails does, else in process by PDFBox. Either way the file
 * is refused first when it is larger than {@code analysis.pdf_max_bytes} or has no {@code %PDF-}
 * header, and a file that cannot be drawn (locked by a user password, malformed, past a limit) fails
 * with a {@link TransformationFailedException} within the request's timeout.
 */
public final class PdfPreviewer implements Previewer {

    /** The longer side of a preview, in pixels: a page's text stays readable, and variants shrink it. */
    static final int LONG_SIDE = 2048;

    private final FirstPageRenderer renderer;
    private final PdfLimits limits;

    private PdfPreviewer(FirstPageRenderer renderer, PdfLimits limits) {
        this.renderer = renderer;
        this.limits = limits;
    }

    /** Draws with this {@code pdftoppm} (Debian and Ubuntu: apt-get install poppler-utils). */
    public static PdfPreviewer withPdftoppm(ExternalTool pdftoppm, PdfLimits limits) {
        return new PdfPreviewer(new PdftoppmRenderer(pdftoppm), limits);
    }

    /** Draws in process with PDFBox, bounded by the request's timeout and {@link PdfLimits#maxAllocated()}. */
    public static PdfPreviewer withPdfBox(PdfLimits limits) {
        return new PdfPreviewer(new PdfBoxRenderer(limits), limits);
    }

    @Override
    public String name() {
        return "pdf";
    }

    /** What draws the pages: {@code pdftoppm} or {@code PDFBox}. */
    public String renderer() {
        return renderer.name();
    }

    @Override
    public boolean accepts(Blob blob) {
        return PdfContentType.isPdf(blob.contentType());
    }

    @Override
    public OutputFormat preview(PreviewRequest request) {
        try {
            long size = Files.size(request.source());
            if (size > limits.maxBytes()) {
                throw failure(request, "the PDF is " + size + " bytes, more than analysis.pdf_max_bytes (" + limits.maxBytes() + ")", null);
            }
            if (!PdfSignature.present(request.source())) {
                throw failure(request, "not a PDF: no %PDF- header in its first 1024 bytes", null);
            }
        } catch (IOException e) {
            throw failure(request, "its copy could not be read: " + e.getMessage(), e);
        }
        renderer.render(request, longSide(request.limits()));
        return OutputFormat.PNG;
    }

    /** The longer side: {@link #LONG_SIDE}, or the side of the largest square within the pixel limit. */
    static int longSide(ProcessingLimits limits) {
        return (int) Math.max(1, Math.min(LONG_SIDE, Math.floor(Math.sqrt((double) limits.maxPixels()))));
    }

    @Override
    public String toString() {
        return "pdf previewer (" + renderer.name() + ")";
    }

    static TransformationFailedException failure(PreviewRequest request, String problem, Throwable cause) {
        return new TransformationFailedException("cannot preview the PDF of blob " + request.blob().id() + ": " + problem, cause);
    }

    /** Removes what a failed drawing may have left at the target, so that no partial preview is taken for one. */
    static void discard(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            // the target lies in the caller's private directory, which it deletes after a failure anyway
        }
    }
}

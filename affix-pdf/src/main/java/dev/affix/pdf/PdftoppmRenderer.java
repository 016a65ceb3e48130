package dev.affix.pdf;

import dev.affix.tool.ExternalTool;
import dev.affix.tool.ToolException;
import dev.affix.tool.ToolLimits;
import dev.affix.variant.PreviewRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws the first page with poppler's {@code pdftoppm}, as Rails' PopplerPDFPreviewer does, run through
 * {@link ExternalTool}: an argument array, a private working directory, the request's timeout, past
 * which it and its children are killed. It writes the PNG to its stdout, which is copied to the target
 * as it arrives, up to what a PNG of that many pixels can take.
 */
final class PdftoppmRenderer implements FirstPageRenderer {

    private final ExternalTool pdftoppm;

    PdftoppmRenderer(ExternalTool pdftoppm) {
        this.pdftoppm = pdftoppm;
    }

    @Override
    public String name() {
        return "pdftoppm";
    }

    @Override
    public void render(PreviewRequest request, int longSide) {
        ToolLimits limits = new ToolLimits(request.limits().timeout(), largestPng(longSide));
        long written;
        try {
            written = pdftoppm.run(arguments(request.source(), longSide), limits, (stdout, directory) -> Files.copy(stdout, request.target()));
        } catch (ToolException e) {
            PdfPreviewer.discard(request.target());
            if (e.stderrTail().contains("Incorrect password")) {
                throw PdfPreviewer.failure(request, "the PDF is encrypted with a password: its pages cannot be read", e);
            }
            throw PdfPreviewer.failure(request, e.getMessage(), e);
        }
        if (written == 0) {
            PdfPreviewer.discard(request.target());
            throw PdfPreviewer.failure(request, "pdftoppm drew nothing", null);
        }
    }

    /**
     * Page 1 only, its crop box (what a viewer shows, as the analyzer measures it; pdftoppm's default is
     * the media box), the longer side scaled to {@code longSide} pixels whatever size the page claims,
     * PNG on stdout. The path is absolute, so it can never be read as an option.
     */
    static List<String> arguments(Path pdf, int longSide) {
        return List.of("-f", "1", "-l", "1", "-singlefile", "-cropbox", "-png", "-scale-to", String.valueOf(longSide),
                pdf.toAbsolutePath().toString());
    }

    /** RGB at 3 bytes a pixel, a filter byte a row and the deflate blocks' framing, stored uncompressed at worst. */
    private static long largestPng(int longSide) {
        return (long) longSide * longSide * 4 + (1 << 20);
    }
}

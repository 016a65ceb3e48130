package dev.affix.pdf;

import dev.affix.variant.PreviewRequest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Draws the first page in process with PDFBox, where {@code pdftoppm} is not installed. The file is
 * opened as the analyzer opens it ({@link OpenPdf}: guarded reads, private scratch space, the empty
 * user password) and drawn on a {@link BoundedParse} thread, abandoned past the request's timeout or
 * past {@link PdfLimits#maxAllocated()}. A JVM thread cannot be killed: an abandoned drawing stops at
 * its next read of the file or of a stream (content streams, images and fonts are all read through the
 * guard), but one drawing operation already handed to Java2D (filling a huge path) runs to its end.
 */
final class PdfBoxRenderer implements FirstPageRenderer {

    /** The attributes a page inherits from the page tree, resolved along the walked path. */
    private static final List<COSName> INHERITED = List.of(COSName.RESOURCES, COSName.MEDIA_BOX, COSName.CROP_BOX, COSName.ROTATE);

    private final PdfLimits limits;
    private final AllocationMeter meter = new AllocationMeter();

    PdfBoxRenderer(PdfLimits limits) {
        this.limits = limits;
    }

    @Override
    public String name() {
        return "PDFBox";
    }

    @Override
    public void render(PreviewRequest request, int longSide) {
        BoundedParse parse = new BoundedParse("rendering", request.limits().timeout(), limits.maxAllocated(), meter);
        BufferedImage image;
        try {
            image = parse.run("affix-pdf-preview-" + request.blob().id(),
                    abandonment -> OpenPdf.read(request.source(), abandonment, document -> firstPage(document, longSide)));
        } catch (PdfAnalysisException e) {
            throw PdfPreviewer.failure(request, e.getMessage(), e);
        }
        // written here, not on the parse thread: an abandoned thread must never write the target later
        try {
            ImageIO.write(image, "png", request.target().toFile());
        } catch (IOException e) {
            PdfPreviewer.discard(request.target());
            throw PdfPreviewer.failure(request, "the drawn page could not be written: " + e.getMessage(), e);
        }
    }

    private BufferedImage firstPage(PDDocument document, int longSide) throws IOException {
        PageTree.PageNode first = new PageTree(PageTree.root(document), limits.maxPageNodes()).firstPage()
                .orElseThrow(() -> new PdfAnalysisException("unreadable PDF: its page tree holds no page"));
        PDPage page = new PDPage(standalone(first));
        PDRectangle shown = page.getCropBox();
        float longest = Math.max(shown.getWidth(), shown.getHeight());
        if (!(longest > 0) || Float.isInfinite(longest)) {
            throw new PdfAnalysisException("unreadable PDF: its first page has no area to draw");
        }
        // the page alone in a document of its own: PDFBox's renderer finds pages by index, walking the
        // page tree, which may loop; this one has a single kid
        try (PDDocument alone = new PDDocument()) {
            alone.addPage(page);
            COSBase optionalContent = document.getDocumentCatalog().getCOSObject().getDictionaryObject(COSName.OCPROPERTIES);
            if (optionalContent != null) {
                alone.getDocumentCatalog().getCOSObject().setItem(COSName.OCPROPERTIES, optionalContent);
            }
            PDFRenderer renderer = new PDFRenderer(alone);
            // an image larger than the pixels it covers is read subsampled, not decoded whole
            renderer.setSubsamplingAllowed(true);
            return renderer.renderImage(0, longSide / longest, ImageType.RGB);
        }
    }

    /**
     * A copy of the page's dictionary holding what it inherits and no /Parent, so that nothing drawing
     * it follows /Parent links, which a hostile file can make circular or endless; typed /Page, as the
     * walk took it for one.
     */
    private static COSDictionary standalone(PageTree.PageNode page) {
        COSDictionary copy = new COSDictionary(page.dictionary());
        copy.removeItem(COSName.PARENT);
        copy.setItem(COSName.TYPE, COSName.PAGE);
        for (COSName key : INHERITED) {
            COSBase value = page.inherited(key);
            if (value != null) {
                copy.setItem(key, value);
            }
        }
        return copy;
    }
}

package dev.affix.pdf;

import dev.affix.variant.PreviewRequest;
import dev.affix.variant.TransformationFailedException;

/** Draws a PDF's first page, as a viewer shows it (its crop box, turned by its /Rotate), into a PNG. */
interface FirstPageRenderer {

    /** What draws: {@code pdftoppm} or {@code PDFBox}, for logs and the README. */
    String name();

    /**
     * Writes the request's target: a PNG of the first page, its longer side {@code longSide} pixels.
     *
     * @throws TransformationFailedException when the page cannot be drawn, within the request's timeout
     */
    void render(PreviewRequest request, int longSide);
}

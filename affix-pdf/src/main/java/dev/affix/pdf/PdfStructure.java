package dev.affix.pdf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Reads a PDF's page count and first page size from its structure alone: the cross-reference table,
 * the catalog and the page tree down to the first page. No content stream is decoded, no font or
 * image loaded, nothing rendered; PDFBox fetches nothing over a network and runs no JavaScript, and
 * file references (/F, /GoToR, /Launch) stay unread entries of dictionaries we never open.
 */
final class PdfStructure {

    private final int maxPageNodes;

    PdfStructure(int maxPageNodes) {
        this.maxPageNodes = maxPageNodes;
    }

    /** Runs on the parse thread: every read of {@code file} goes through {@code abandonment}. */
    PdfFacts read(Path file, Abandonment abandonment) throws IOException {
        return OpenPdf.read(file, abandonment, this::facts);
    }

    private PdfFacts facts(PDDocument document) {
        COSDictionary pages = PageTree.root(document);
        PageTree tree = new PageTree(pages, maxPageNodes);
        Optional<PageSize> firstPage = tree.firstPage().flatMap(PageSize::of);
        return new PdfFacts(pageCount(document, pages, tree), firstPage);
    }

    /**
     * The page tree's own /Count when it is plausible (at least one page, and no more pages than the
     * file has objects, as poppler checks): a document of thousands of pages is counted without visiting
     * them. Otherwise the pages are counted one by one, within the node limit.
     */
    private static OptionalInt pageCount(PDDocument document, COSDictionary pages, PageTree tree) {
        int declared = pages.getInt(COSName.COUNT, -1);
        int objects = document.getDocument().getXrefTable().size();
        if (declared >= 1 && declared <= objects) {
            return OptionalInt.of(declared);
        }
        return tree.countPages();
    }
}

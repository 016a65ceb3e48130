package dev.affix.pdf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.io.RandomAccessStreamCache;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * Reads a PDF's page count and first page size from its structure alone: the cross-reference table,
 * the catalog and the page tree down to the first page. No content stream is decoded, no font or
 * image loaded, nothing rendered; PDFBox fetches nothing over a network and runs no JavaScript, and
 * file references (/F, /GoToR, /Launch) stay unread entries of dictionaries we never open.
 */
final class PdfStructure {

    // what PDFBox writes while reading (the decrypted copy of an encrypted file's streams) goes to temp
    // files in the private folder, this much at most, never to the heap
    private static final long SCRATCH_BYTES = 64L << 20;

    private final int maxPageNodes;

    PdfStructure(int maxPageNodes) {
        this.maxPageNodes = maxPageNodes;
    }

    /** Runs on the parse thread: every read of {@code file} goes through {@code abandonment}. */
    PdfFacts read(Path file, Abandonment abandonment) throws IOException {
        Path scratch = Files.createTempDirectory("affix-pdf-"); // owner-only permissions on POSIX
        try {
            MemoryUsageSetting memory = MemoryUsageSetting.setupTempFileOnly(SCRATCH_BYTES).setTempDir(scratch.toFile());
            try (RandomAccessStreamCache streamCache = memory.streamCache.create();
                    GuardedRead source = new GuardedRead(new RandomAccessReadBufferedFile(file.toFile()), abandonment);
                    PDDocument document = new GuardedPdfParser(source, streamCache, abandonment).parse()) {
                return facts(document);
            } catch (InvalidPasswordException e) {
                throw new PdfAnalysisException("the PDF is encrypted with a password: its pages cannot be read", e);
            }
        } finally {
            deleteTree(scratch);
        }
    }

    private PdfFacts facts(PDDocument document) {
        COSDictionary pages = document.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PAGES);
        if (pages == null) {
            throw new PdfAnalysisException("unreadable PDF: its catalog has no page tree");
        }
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

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}

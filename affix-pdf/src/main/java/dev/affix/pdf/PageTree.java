package dev.affix.pdf;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * A document's page tree, walked in page order without recursion: a node seen before (a kid pointing
 * back at an ancestor) is skipped, and a walk gives up after a fixed number of nodes, so neither a
 * looping nor a huge tree can hang it or overflow the stack.
 */
final class PageTree {

    private final COSDictionary root;
    private final int maxNodes;

    PageTree(COSDictionary root, int maxNodes) {
        this.root = root;
        this.maxNodes = maxNodes;
    }

    /** The root of a document's page tree. */
    static COSDictionary root(PDDocument document) {
        COSDictionary pages = document.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PAGES);
        if (pages == null) {
            throw new PdfAnalysisException("unreadable PDF: its catalog has no page tree");
        }
        return pages;
    }

    /** The first page in reading order; only the nodes on the way to it are read. */
    Optional<PageNode> firstPage() {
        return Optional.ofNullable(new Walk().nextPage());
    }

    /** The number of pages, counted one by one; empty when the tree has more than the allowed nodes. */
    OptionalInt countPages() {
        Walk walk = new Walk();
        int pages = 0;
        while (walk.nextPage() != null) {
            pages++;
        }
        return walk.exhausted ? OptionalInt.empty() : OptionalInt.of(pages);
    }

    /**
     * A depth-first walk that reads one kid at a time, so that finding the first page of a flat tree
     * of thousands of kids reads one of them. A node with kids (or typed /Pages) is an inner node, any
     * other a page.
     */
    private final class Walk {
        private final Deque<Frame> path = new ArrayDeque<>();
        private final Set<COSDictionary> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        private boolean exhausted;

        Walk() {
            COSArray start = new COSArray();
            start.add(root);
            path.push(new Frame(null, start));
        }

        PageNode nextPage() {
            while (!path.isEmpty()) {
                Frame frame = path.peek();
                if (frame.next >= frame.kids.size()) {
                    path.pop();
                    continue;
                }
                COSBase kid = frame.kids.getObject(frame.next++);
                if (!(kid instanceof COSDictionary dictionary) || !seen.add(dictionary)) {
                    continue;
                }
                if (seen.size() > maxNodes) {
                    exhausted = true;
                    return null;
                }
                PageNode node = new PageNode(dictionary, frame.node);
                if (!isInnerNode(dictionary)) {
                    return node;
                }
                COSArray kids = dictionary.getCOSArray(COSName.KIDS);
                if (kids != null) {
                    path.push(new Frame(node, kids));
                }
            }
            return null;
        }
    }

    /** An inner node on the walk's path, and the index of its next kid to read. */
    private static final class Frame {
        private final PageNode node;
        private final COSArray kids;
        private int next;

        Frame(PageNode node, COSArray kids) {
            this.node = node;
            this.kids = kids;
        }
    }

    private static boolean isInnerNode(COSDictionary node) {
        return COSName.PAGES.equals(node.getCOSName(COSName.TYPE)) || node.containsKey(COSName.KIDS);
    }

    /**
     * A node of the tree with the path the walk took to it. Inheritable attributes (/MediaBox,
     * /CropBox, /Rotate) are looked up along that path, as poppler does, rather than by following
     * /Parent links, which a hostile file can make circular or arbitrarily long.
     */
    record PageNode(COSDictionary dictionary, PageNode parent) {

        /** The attribute on this node, else on its nearest ancestor that has it; null if none has. */
        COSBase inherited(COSName key) {
            for (PageNode node = this; node != null; node = node.parent) {
                COSBase value = node.dictionary.getDictionaryObject(key);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }
    }
}

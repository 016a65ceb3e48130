package dev.affix.pdf;

import java.io.IOException;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadView;
import org.apache.pdfbox.io.RandomAccessStreamCache;
import org.apache.pdfbox.pdfparser.PDFParser;

/**
 * PDFBox's parser, opening with the empty user password, whose streams read through the
 * {@link Abandonment} guard once decoded as well as before. PDFBox expands a cross-reference stream or
 * an object stream into memory and then parses it without reading the file again: without this, the
 * millions of entries or numbers that a small expansion can hold would be parsed to the end, however
 * long ago the parse was abandoned.
 */
final class GuardedPdfParser extends PDFParser {

    GuardedPdfParser(RandomAccessRead source, RandomAccessStreamCache streamCache, Abandonment abandonment) throws IOException {
        super(source, "", null, null, null);
        // the document PDFBox made holds no cache (none was given): this one, built alike, replaces it
        document = new GuardedDocument(streamCache, this, abandonment);
    }

    /** A document whose parsed streams are {@link GuardedStream}s; the rest is PDFBox's. */
    private static final class GuardedDocument extends COSDocument {
        private final RandomAccessStreamCache streamCache;
        private final PDFParser parser;
        private final Abandonment abandonment;

        GuardedDocument(RandomAccessStreamCache streamCache, PDFParser parser, Abandonment abandonment) {
            super(() -> streamCache, parser);
            this.streamCache = streamCache;
            this.parser = parser;
            this.abandonment = abandonment;
        }

        @Override
        public COSStream createCOSStream(COSDictionary dictionary, long startPosition, long streamLength) throws IOException {
            COSStream stream = new GuardedStream(streamCache, parser.createRandomAccessReadView(startPosition, streamLength), abandonment);
            dictionary.forEach(stream::setItem);
            stream.setKey(dictionary.getKey());
            return stream;
        }
    }

    /** A stream whose decoded view, which the cross-reference and object stream parsers read, is guarded. */
    private static final class GuardedStream extends COSStream {
        private final Abandonment abandonment;

        GuardedStream(RandomAccessStreamCache streamCache, RandomAccessReadView raw, Abandonment abandonment) throws IOException {
            super(streamCache, raw);
            this.abandonment = abandonment;
        }

        @Override
        public RandomAccessRead createView() throws IOException {
            abandonment.check();
            return new GuardedRead(super.createView(), abandonment);
        }
    }
}

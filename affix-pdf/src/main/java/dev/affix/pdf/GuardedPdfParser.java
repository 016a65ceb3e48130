package dev.affix.pdf;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessStreamCache.StreamCacheCreateFunction;
import org.apache.pdfbox.pdfparser.PDFParser;
import org.apache.pdfbox.pdfparser.XrefTrailerResolver;

/**
 * PDFBox's parser, opening with the empty user password, whose cross-reference table stops taking
 * entries once the parse is {@link Abandonment abandoned}. A cross-reference stream is expanded into
 * memory and then turned into entries without reading the file again, so the read guard alone would
 * not stop a stream of millions of tiny entries: this check does, entry by entry.
 */
final class GuardedPdfParser extends PDFParser {

    GuardedPdfParser(RandomAccessRead source, StreamCacheCreateFunction streamCache, Abandonment abandonment) throws IOException {
        super(source, "", null, null, streamCache);
        xrefTrailerResolver = new GuardedResolver(abandonment);
    }

    private static final class GuardedResolver extends XrefTrailerResolver {
        private final Abandonment abandonment;

        GuardedResolver(Abandonment abandonment) {
            this.abandonment = abandonment;
        }

        @Override
        public void setXRef(COSObjectKey objKey, long offset) {
            try {
                abandonment.check();
            } catch (InterruptedIOException e) {
                throw new UncheckedIOException(e);
            }
            super.setXRef(objKey, offset);
        }
    }
}

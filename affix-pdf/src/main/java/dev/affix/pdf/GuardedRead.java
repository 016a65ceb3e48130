package dev.affix.pdf;

import java.io.IOException;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadView;

/**
 * The file as PDFBox reads it, refusing every read once the parse is {@link Abandonment abandoned}.
 * Views (the raw bytes of one stream, which filters decode from) are guarded the same way, so an
 * expanding stream stops too.
 */
final class GuardedRead implements RandomAccessRead {

    private final RandomAccessRead source;
    private final Abandonment abandonment;

    GuardedRead(RandomAccessRead source, Abandonment abandonment) {
        this.source = source;
        this.abandonment = abandonment;
    }

    @Override
    public int read() throws IOException {
        abandonment.check();
        return source.read();
    }

    @Override
    public int read(byte[] b, int offset, int length) throws IOException {
        abandonment.check();
        return source.read(b, offset, length);
    }

    @Override
    public long getPosition() throws IOException {
        return source.getPosition();
    }

    @Override
    public void seek(long position) throws IOException {
        abandonment.check();
        source.seek(position);
    }

    @Override
    public long length() throws IOException {
        return source.length();
    }

    @Override
    public boolean isClosed() {
        return source.isClosed();
    }

    @Override
    public boolean isEOF() throws IOException {
        abandonment.check();
        return source.isEOF();
    }

    @Override
    public RandomAccessReadView createView(long startPosition, long streamLength) throws IOException {
        abandonment.check();
        return new RandomAccessReadView(new GuardedRead(source.createView(startPosition, streamLength), abandonment), 0,
                streamLength, true);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}

package dev.affix.s3;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.DigestingInputStream;
import dev.affix.storage.IntegrityException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of a streamed PutObject of declared length. It passes the source through, but checks the
 * length and the expected checksum before it hands over the final bytes, and fails instead when they
 * differ: the server then never receives a complete request, so nothing is stored and a previous
 * object at the key stays. It remembers why it failed, because the SDK reports only that the body did.
 */
final class CheckedBody extends InputStream {

    private final DigestingInputStream source;
    private final long declaredSize;
    private final Checksum expected;
    private final String what;
    private IntegrityException mismatch;
    private IOException sourceFailure;

    /**
     * @param expected the checksum the bytes must have, or {@code null} to only compute it
     * @param what     "S3 service … : upload to key …", the opening of its messages
     */
    CheckedBody(DigestingInputStream source, long declaredSize, Checksum expected, String what) {
        this.source = source;
        this.declaredSize = declaredSize;
        this.expected = expected;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (mismatch != null || sourceFailure != null) {
            throw new IOException(what + " was stopped", mismatch != null ? mismatch : sourceFailure);
        }
        long remaining = declaredSize - source.byteCount();
        if (remaining == 0) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        int n = readSource(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw stop(UploadMismatch.wrongLength(what, source.byteCount(), declaredSize));
        }
        if (source.byteCount() == declaredSize) {
            checkEnd();
        }
        return n;
    }

    private void checkEnd() throws IOException {
        int extra;
        try {
            extra = source.read();
        } catch (IOException e) {
            sourceFailure = e;
            throw e;
        }
        if (extra >= 0) {
            throw stop(UploadMismatch.longerThanDeclared(what, declaredSize));
        }
        if (expected != null && !expected.equals(source.checksum())) {
            throw stop(UploadMismatch.wrongChecksum(what, source.checksum(), expected));
        }
    }

    private int readSource(byte[] buffer, int offset, int length) throws IOException {
        try {
            return source.read(buffer, offset, length);
        } catch (IOException e) {
            sourceFailure = e;
            throw e;
        }
    }

    private IOException stop(IntegrityException e) {
        mismatch = e;
        return new IOException(e.getMessage(), e);
    }

    /** Why the body stopped because the bytes were not as declared, if it did. */
    IntegrityException mismatch() {
        return mismatch;
    }

    /** The source's own failure, if reading it failed. */
    IOException sourceFailure() {
        return sourceFailure;
    }

    long bytesRead() {
        return source.byteCount();
    }
}

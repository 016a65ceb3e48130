package dev.affix.checksum;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Computes a checksum and counts bytes as they are read, so that a storage service learns both in
 * the same pass that writes the object. Mark and reset are not supported: a rewind would digest
 * bytes twice.
 */
public final class DigestingInputStream extends FilterInputStream {

    private final ChecksumAlgorithm algorithm;
    private final MessageDigest digest;
    private long byteCount;
    private Checksum checksum;

    public DigestingInputStream(InputStream in, ChecksumAlgorithm algorithm) {
        super(in);
        this.algorithm = algorithm;
        this.digest = algorithm.newDigest();
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            digest.update((byte) b);
            byteCount++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            digest.update(buffer, offset, n);
            byteCount += n;
        }
        return n;
    }

    @Override
    public long skip(long n) {
        throw new UnsupportedOperationException("skipping would leave bytes out of the checksum");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readLimit) {
        // not supported, see class comment
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("reset would digest bytes twice");
    }

    public long byteCount() {
        return byteCount;
    }

    /** The checksum of everything read so far; reading further after this call is an error. */
    public Checksum checksum() {
        if (checksum == null) {
            checksum = Checksum.of(algorithm, digest.digest());
        }
        return checksum;
    }
}

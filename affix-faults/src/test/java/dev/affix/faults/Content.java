package dev.affix.faults;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.SplittableRandom;

/**
 * Bytes made from a seed, so that a test can check what it reads back against what it never kept:
 * the same seed and size always give the same bytes, however they are read.
 */
final class Content extends InputStream {

    private static final int BLOCK = 8192;

    private final SplittableRandom random;
    private final byte[] block = new byte[BLOCK];
    private long left;
    private int position = BLOCK;

    Content(long seed, long size) {
        this.random = new SplittableRandom(seed);
        this.left = size;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (left == 0) {
            return -1;
        }
        if (position == BLOCK) {
            random.nextBytes(block);
            position = 0;
        }
        int n = (int) Math.min(Math.min(length, BLOCK - position), left);
        System.arraycopy(block, position, buffer, offset, n);
        position += n;
        left -= n;
        return n;
    }

    /** The MD5 of the bytes of the seed and size. */
    static Checksum md5(long seed, long size) {
        MessageDigest digest = ChecksumAlgorithm.MD5.newDigest();
        byte[] buffer = new byte[64 * 1024];
        try (Content content = new Content(seed, size)) {
            for (int n = content.read(buffer, 0, buffer.length); n > 0; n = content.read(buffer, 0, buffer.length)) {
                digest.update(buffer, 0, n);
            }
        }
        return Checksum.of(ChecksumAlgorithm.MD5, digest.digest());
    }

    @Override
    public void close() {
        // nothing is held
    }
}

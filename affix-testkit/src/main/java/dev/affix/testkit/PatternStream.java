package dev.affix.testkit;

import java.io.InputStream;
import java.util.Random;

/**
 * A stream of {@code size} pseudo-random bytes made on the fly, for testing large objects without
 * holding them in memory. It hands out bytes in uneven small reads, as a network would.
 */
public final class PatternStream extends InputStream {

    private final long size;
    private final Random random;
    private final byte[] block = new byte[4096];
    private long position;
    private int blockPosition = block.length;

    public PatternStream(long size, long seed) {
        this.size = size;
        this.random = new Random(seed);
    }

    @Override
    public int read() {
        if (position >= size) {
            return -1;
        }
        refill();
        position++;
        return block[blockPosition++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position >= size) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        refill();
        int n = (int) Math.min(Math.min(length, block.length - blockPosition), size - position);
        n = Math.min(n, 1 + (int) (position % 5000));
        System.arraycopy(block, blockPosition, buffer, offset, n);
        blockPosition += n;
        position += n;
        return n;
    }

    private void refill() {
        if (blockPosition == block.length) {
            random.nextBytes(block);
            blockPosition = 0;
        }
    }
}

package dev.affix.checksum;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.Base64;

/**
 * MD5 (RFC 1321) whose running state can be written out as text and read back, so that the digest of
 * a file uploaded in pieces grows piece by piece across requests and processes, and the file is never
 * read again to learn its checksum. The JDK's {@link java.security.MessageDigest} cannot do this: its
 * state is neither readable nor serialisable. Not thread-safe; {@link #copy()} is cheap.
 */
public final class ResumableMd5 {

    private static final VarHandle LITTLE_ENDIAN_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final String STATE_PREFIX = "md5:";
    private static final int BLOCK = 64;
    private static final int FIXED_STATE_BYTES = 4 * Integer.BYTES + Long.BYTES;

    private int a = 0x67452301;
    private int b = 0xefcdab89;
    private int c = 0x98badcfe;
    private int d = 0x10325476;
    private long length;
    // the bytes of an unfinished block, which the next update completes
    private final byte[] pending = new byte[BLOCK];

    private ResumableMd5() {
    }

    /** The digest of no bytes yet. */
    public static ResumableMd5 start() {
        return new ResumableMd5();
    }

    /**
     * Reads a state written by {@link #state()}.
     *
     * @throws IllegalArgumentException if the text is not such a state
     */
    public static ResumableMd5 restore(String state) {
        if (state == null || !state.startsWith(STATE_PREFIX)) {
            throw new IllegalArgumentException("not an MD5 state: " + state);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(state.substring(STATE_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("an MD5 state that is not base64: " + state, e);
        }
        if (bytes.length < FIXED_STATE_BYTES) {
            throw new IllegalArgumentException("an MD5 state of " + bytes.length + " bytes is too short");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        ResumableMd5 md5 = new ResumableMd5();
        md5.a = in.getInt();
        md5.b = in.getInt();
        md5.c = in.getInt();
        md5.d = in.getInt();
        md5.length = in.getLong();
        int pendingBytes = (int) (md5.length % BLOCK);
        if (md5.length < 0 || in.remaining() != pendingBytes) {
            throw new IllegalArgumentException("an MD5 state of " + md5.length + " bytes must carry " + pendingBytes
                    + " unfinished bytes, not " + in.remaining());
        }
        in.get(md5.pending, 0, pendingBytes);
        return md5;
    }

    /** The running state as text (at most 116 characters), for {@link #restore}. */
    public String state() {
        int pendingBytes = (int) (length % BLOCK);
        ByteBuffer out = ByteBuffer.allocate(FIXED_STATE_BYTES + pendingBytes);
        out.putInt(a).putInt(b).putInt(c).putInt(d).putLong(length).put(pending, 0, pendingBytes);
        return STATE_PREFIX + Base64.getEncoder().encodeToString(out.array());
    }

    /** How many bytes have been digested. */
    public long length() {
        return length;
    }

    /** An independent copy of this state. */
    public ResumableMd5 copy() {
        ResumableMd5 copy = new ResumableMd5();
        copy.a = a;
        copy.b = b;
        copy.c = c;
        copy.d = d;
        copy.length = length;
        System.arraycopy(pending, 0, copy.pending, 0, BLOCK);
        return copy;
    }

    public void update(byte[] bytes, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, bytes.length);
        int filled = (int) (length % BLOCK);
        length += count;
        if (filled > 0) {
            int take = Math.min(BLOCK - filled, count);
            System.arraycopy(bytes, offset, pending, filled, take);
            offset += take;
            count -= take;
            if (filled + take < BLOCK) {
                return;
            }
            blocks(pending, 0, BLOCK);
        }
        int whole = count & -BLOCK;
        if (whole > 0) {
            blocks(bytes, offset, whole);
        }
        System.arraycopy(bytes, offset + whole, pending, 0, count - whole);
    }

    /** The checksum of everything digested so far; the state is unchanged and may grow further. */
    public Checksum checksum() {
        ResumableMd5 finishing = copy();
        int filled = (int) (length % BLOCK);
        byte[] padding = new byte[(filled < BLOCK - Long.BYTES ? BLOCK : 2 * BLOCK) - filled];
        padding[0] = (byte) 0x80;
        ByteBuffer.wrap(padding, padding.length - Long.BYTES, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(length * 8);
        finishing.update(padding, 0, padding.length);
        byte[] digest = new byte[16];
        LITTLE_ENDIAN_INT.set(digest, 0, finishing.a);
        LITTLE_ENDIAN_INT.set(digest, 4, finishing.b);
        LITTLE_ENDIAN_INT.set(digest, 8, finishing.c);
        LITTLE_ENDIAN_INT.set(digest, 12, finishing.d);
        return Checksum.of(ChecksumAlgorithm.MD5, digest);
    }

    @Override
    public String toString() {
        return "ResumableMd5(" + length + " bytes)";
    }

    /** The RFC's four rounds over whole blocks, written out so that the JIT keeps everything in registers. */
    private void blocks(byte[] in, int offset, int count) {
        int a = this.a;
        int b = this.b;
        int c = this.c;
        int d = this.d;
        for (int end = offset + count; offset < end; offset += BLOCK) {
            int x0 = word(in, offset, 0);
            int x1 = word(in, offset, 1);
            int x2 = word(in, offset, 2);
            int x3 = word(in, offset, 3);
            int x4 = word(in, offset, 4);
            int x5 = word(in, offset, 5);
            int x6 = word(in, offset, 6);
            int x7 = word(in, offset, 7);
            int x8 = word(in, offset, 8);
            int x9 = word(in, offset, 9);
            int x10 = word(in, offset, 10);
            int x11 = word(in, offset, 11);
            int x12 = word(in, offset, 12);
            int x13 = word(in, offset, 13);
            int x14 = word(in, offset, 14);
            int x15 = word(in, offset, 15);
            int startA = a;
            int startB = b;
            int startC = c;
            int startD = d;

            a = b + Integer.rotateLeft(a + (d ^ (b & (c ^ d))) + x0 + 0xd76aa478, 7);
            d = a + Integer.rotateLeft(d + (c ^ (a & (b ^ c))) + x1 + 0xe8c7b756, 12);
            c = d + Integer.rotateLeft(c + (b ^ (d & (a ^ b))) + x2 + 0x242070db, 17);
            b = c + Integer.rotateLeft(b + (a ^ (c & (d ^ a))) + x3 + 0xc1bdceee, 22);
            a = b + Integer.rotateLeft(a + (d ^ (b & (c ^ d))) + x4 + 0xf57c0faf, 7);
            d = a + Integer.rotateLeft(d + (c ^ (a & (b ^ c))) + x5 + 0x4787c62a, 12);
            c = d + Integer.rotateLeft(c + (b ^ (d & (a ^ b))) + x6 + 0xa8304613, 17);
            b = c + Integer.rotateLeft(b + (a ^ (c & (d ^ a))) + x7 + 0xfd469501, 22);
            a = b + Integer.rotateLeft(a + (d ^ (b & (c ^ d))) + x8 + 0x698098d8, 7);
            d = a + Integer.rotateLeft(d + (c ^ (a & (b ^ c))) + x9 + 0x8b44f7af, 12);
            c = d + Integer.rotateLeft(c + (b ^ (d & (a ^ b))) + x10 + 0xffff5bb1, 17);
            b = c + Integer.rotateLeft(b + (a ^ (c & (d ^ a))) + x11 + 0x895cd7be, 22);
            a = b + Integer.rotateLeft(a + (d ^ (b & (c ^ d))) + x12 + 0x6b901122, 7);
            d = a + Integer.rotateLeft(d + (c ^ (a & (b ^ c))) + x13 + 0xfd987193, 12);
            c = d + Integer.rotateLeft(c + (b ^ (d & (a ^ b))) + x14 + 0xa679438e, 17);
            b = c + Integer.rotateLeft(b + (a ^ (c & (d ^ a))) + x15 + 0x49b40821, 22);

            a = b + Integer.rotateLeft(a + (c ^ (d & (b ^ c))) + x1 + 0xf61e2562, 5);
            d = a + Integer.rotateLeft(d + (b ^ (c & (a ^ b))) + x6 + 0xc040b340, 9);
            c = d + Integer.rotateLeft(c + (a ^ (b & (d ^ a))) + x11 + 0x265e5a51, 14);
            b = c + Integer.rotateLeft(b + (d ^ (a & (c ^ d))) + x0 + 0xe9b6c7aa, 20);
            a = b + Integer.rotateLeft(a + (c ^ (d & (b ^ c))) + x5 + 0xd62f105d, 5);
            d = a + Integer.rotateLeft(d + (b ^ (c & (a ^ b))) + x10 + 0x02441453, 9);
            c = d + Integer.rotateLeft(c + (a ^ (b & (d ^ a))) + x15 + 0xd8a1e681, 14);
            b = c + Integer.rotateLeft(b + (d ^ (a & (c ^ d))) + x4 + 0xe7d3fbc8, 20);
            a = b + Integer.rotateLeft(a + (c ^ (d & (b ^ c))) + x9 + 0x21e1cde6, 5);
            d = a + Integer.rotateLeft(d + (b ^ (c & (a ^ b))) + x14 + 0xc33707d6, 9);
            c = d + Integer.rotateLeft(c + (a ^ (b & (d ^ a))) + x3 + 0xf4d50d87, 14);
            b = c + Integer.rotateLeft(b + (d ^ (a & (c ^ d))) + x8 + 0x455a14ed, 20);
            a = b + Integer.rotateLeft(a + (c ^ (d & (b ^ c))) + x13 + 0xa9e3e905, 5);
            d = a + Integer.rotateLeft(d + (b ^ (c & (a ^ b))) + x2 + 0xfcefa3f8, 9);
            c = d + Integer.rotateLeft(c + (a ^ (b & (d ^ a))) + x7 + 0x676f02d9, 14);
            b = c + Integer.rotateLeft(b + (d ^ (a & (c ^ d))) + x12 + 0x8d2a4c8a, 20);

            a = b + Integer.rotateLeft(a + (b ^ c ^ d) + x5 + 0xfffa3942, 4);
            d = a + Integer.rotateLeft(d + (a ^ b ^ c) + x8 + 0x8771f681, 11);
            c = d + Integer.rotateLeft(c + (d ^ a ^ b) + x11 + 0x6d9d6122, 16);
            b = c + Integer.rotateLeft(b + (c ^ d ^ a) + x14 + 0xfde5380c, 23);
            a = b + Integer.rotateLeft(a + (b ^ c ^ d) + x1 + 0xa4beea44, 4);
            d = a + Integer.rotateLeft(d + (a ^ b ^ c) + x4 + 0x4bdecfa9, 11);
            c = d + Integer.rotateLeft(c + (d ^ a ^ b) + x7 + 0xf6bb4b60, 16);
            b = c + Integer.rotateLeft(b + (c ^ d ^ a) + x10 + 0xbebfbc70, 23);
            a = b + Integer.rotateLeft(a + (b ^ c ^ d) + x13 + 0x289b7ec6, 4);
            d = a + Integer.rotateLeft(d + (a ^ b ^ c) + x0 + 0xeaa127fa, 11);
            c = d + Integer.rotateLeft(c + (d ^ a ^ b) + x3 + 0xd4ef3085, 16);
            b = c + Integer.rotateLeft(b + (c ^ d ^ a) + x6 + 0x04881d05, 23);
            a = b + Integer.rotateLeft(a + (b ^ c ^ d) + x9 + 0xd9d4d039, 4);
            d = a + Integer.rotateLeft(d + (a ^ b ^ c) + x12 + 0xe6db99e5, 11);
            c = d + Integer.rotateLeft(c + (d ^ a ^ b) + x15 + 0x1fa27cf8, 16);
            b = c + Integer.rotateLeft(b + (c ^ d ^ a) + x2 + 0xc4ac5665, 23);

            a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + x0 + 0xf4292244, 6);
            d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + x7 + 0x432aff97, 10);
            c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + x14 + 0xab9423a7, 15);
            b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + x5 + 0xfc93a039, 21);
            a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + x12 + 0x655b59c3, 6);
            d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + x3 + 0x8f0ccc92, 10);
            c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + x10 + 0xffeff47d, 15);
            b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + x1 + 0x85845dd1, 21);
            a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + x8 + 0x6fa87e4f, 6);
            d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + x15 + 0xfe2ce6e0, 10);
            c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + x6 + 0xa3014314, 15);
            b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + x13 + 0x4e0811a1, 21);
            a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + x4 + 0xf7537e82, 6);
            d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + x11 + 0xbd3af235, 10);
            c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + x2 + 0x2ad7d2bb, 15);
            b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + x9 + 0xeb86d391, 21);

            a += startA;
            b += startB;
            c += startC;
            d += startD;
        }
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
    }

    private static int word(byte[] in, int blockOffset, int index) {
        return (int) LITTLE_ENDIAN_INT.get(in, blockOffset + 4 * index);
    }
}

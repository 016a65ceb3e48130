package dev.affix.s3;

import dev.affix.checksum.ChecksumAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;

/**
 * The one bounded buffer an upload holds in memory: a part of a multipart upload, or the whole of an
 * object that turns out to fit in one part. It grows up to its capacity only as bytes arrive, so a
 * small upload never pays for a full part. Reading one byte ahead tells whether the source ended
 * exactly at the end of a part.
 */
final class PartBuffer {

    private static final int INITIAL_SIZE = 64 * 1024;

    private final int capacity;
    private byte[] bytes;
    private int length;
    private int lookahead = -1;

    PartBuffer(int capacity) {
        this.capacity = capacity;
        this.bytes = new byte[Math.min(capacity, INITIAL_SIZE)];
    }

    /** Replaces the contents with the next part of {@code in}; returns whether {@code in} has ended. */
    boolean fill(InputStream in) throws IOException {
        length = 0;
        if (lookahead >= 0) {
            bytes[length++] = (byte) lookahead;
            lookahead = -1;
        }
        while (length < capacity) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(capacity, 2L * bytes.length));
            }
            int n = in.read(bytes, length, bytes.length - length);
            if (n < 0) {
                return true;
            }
            length += n;
        }
        lookahead = in.read();
        return lookahead < 0;
    }

    int length() {
        return length;
    }

    /** The contents as a fresh stream each time, so the SDK can replay a part when it retries. */
    InputStream newStream() {
        return new ByteArrayInputStream(bytes, 0, length);
    }

    /** Content-MD5 of the contents, so that S3 checks each part as it arrives. */
    String md5Base64() {
        var digest = ChecksumAlgorithm.MD5.newDigest();
        digest.update(bytes, 0, length);
        return Base64.getEncoder().encodeToString(digest.digest());
    }
}

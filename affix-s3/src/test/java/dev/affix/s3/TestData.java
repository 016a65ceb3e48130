package dev.affix.s3;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Random;

/** Bytes and digests for the tests. */
final class TestData {

    private TestData() {
    }

    static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Digests a stream of any length in constant memory, and closes it. */
    static Checksum checksumOf(InputStream in, ChecksumAlgorithm algorithm) {
        MessageDigest digest = algorithm.newDigest();
        byte[] buffer = new byte[64 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Checksum.of(algorithm, digest.digest());
    }

    static Checksum md5(byte[] data) {
        return Checksum.of(ChecksumAlgorithm.MD5, ChecksumAlgorithm.MD5.newDigest().digest(data));
    }

    static Checksum sha256(byte[] data) {
        return Checksum.of(ChecksumAlgorithm.SHA256, ChecksumAlgorithm.SHA256.newDigest().digest(data));
    }
}

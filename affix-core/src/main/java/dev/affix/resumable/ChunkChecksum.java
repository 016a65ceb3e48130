package dev.affix.resumable;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checksum a client sends with one chunk (tus {@code Upload-Checksum}): the chunk is accepted only
 * if its bytes match, all of them or none.
 *
 * @param algorithm the tus name of the digest: {@code sha1}, {@code md5}, {@code sha256} or {@code sha512}
 */
public record ChunkChecksum(String algorithm, byte[] digest) {

    private static final Map<String, String> JCA_NAMES = Map.of("sha1", "SHA-1", "md5", "MD5", "sha256", "SHA-256", "sha512", "SHA-512");

    public ChunkChecksum {
        Objects.requireNonNull(algorithm, "algorithm");
        if (!JCA_NAMES.containsKey(algorithm)) {
            throw new IllegalArgumentException("checksum algorithm '" + algorithm + "' is not supported (" + String.join(", ", supported())
                    + ")");
        }
        digest = digest.clone();
    }

    /**
     * Reads the algorithm's name and the base64 digest.
     *
     * @throws IllegalArgumentException for an unknown algorithm or a digest that is not base64 of the right length
     */
    public static ChunkChecksum of(String algorithm, String base64) {
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + algorithm + " checksum '" + base64 + "' is not base64", e);
        }
        ChunkChecksum checksum = new ChunkChecksum(algorithm, digest);
        int expected = checksum.newDigest().getDigestLength();
        if (digest.length != expected) {
            throw new IllegalArgumentException("a " + algorithm + " checksum is " + expected + " bytes, not " + digest.length);
        }
        return checksum;
    }

    /** The algorithms' tus names, sorted. */
    public static Set<String> supported() {
        return new TreeSet<>(JCA_NAMES.keySet());
    }

    MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(JCA_NAMES.get(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + JCA_NAMES.get(algorithm), e);
        }
    }

    boolean matches(byte[] actual) {
        return MessageDigest.isEqual(digest, actual);
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChunkChecksum that && algorithm.equals(that.algorithm) && Arrays.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return algorithm + " " + Base64.getEncoder().encodeToString(digest);
    }
}

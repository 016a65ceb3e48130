package dev.affix.checksum;

import java.util.Base64;
import java.util.Objects;

/**
 * A digest of an object's bytes, in the textual form that the Active Storage protocol uses: plain
 * base64 for MD5, {@code sha256:} followed by base64 for SHA-256.
 */
public record Checksum(ChecksumAlgorithm algorithm, String base64) {

    public Checksum {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(base64, "base64");
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checksum '" + base64 + "' is not valid base64", e);
        }
        if (digest.length != algorithm.digestLength()) {
            throw new IllegalArgumentException("checksum '" + base64 + "' is " + digest.length
                    + " bytes long; an " + algorithm + " digest is " + algorithm.digestLength());
        }
    }

    public static Checksum of(ChecksumAlgorithm algorithm, byte[] digest) {
        return new Checksum(algorithm, Base64.getEncoder().encodeToString(digest));
    }

    /** Reads the textual form: {@code sha256:BASE64} or a bare base64 MD5. */
    public static Checksum parse(String text) {
        Objects.requireNonNull(text, "checksum");
        String trimmed = text.trim();
        String sha = ChecksumAlgorithm.SHA256.prefix();
        if (trimmed.regionMatches(true, 0, sha, 0, sha.length())) {
            return new Checksum(ChecksumAlgorithm.SHA256, trimmed.substring(sha.length()));
        }
        return new Checksum(ChecksumAlgorithm.MD5, trimmed);
    }

    public byte[] digest() {
        return Base64.getDecoder().decode(base64);
    }

    /** Lower-case hex, the form that md5sum and sha256sum print. */
    public String hex() {
        StringBuilder hex = new StringBuilder();
        for (byte b : digest()) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }

    @Override
    public String toString() {
        return algorithm.prefix() + base64;
    }
}

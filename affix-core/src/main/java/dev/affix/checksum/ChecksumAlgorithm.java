package dev.affix.checksum;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The digests Affix records for a blob. MD5 is the default because it is what S3's Content-MD5, GCS
 * and Azure check natively and what the Active Storage protocol sends; SHA-256 is there for
 * applications that want a collision-resistant digest.
 */
public enum ChecksumAlgorithm {
    MD5("MD5", "", 16),
    SHA256("SHA-256", "sha256:", 32);

    private final String jcaName;
    private final String prefix;
    private final int digestLength;

    ChecksumAlgorithm(String jcaName, String prefix, int digestLength) {
        this.jcaName = jcaName;
        this.prefix = prefix;
        this.digestLength = digestLength;
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + jcaName, e);
        }
    }

    /** What precedes the base64 digest in the textual form: nothing for MD5, {@code sha256:} otherwise. */
    public String prefix() {
        return prefix;
    }

    public int digestLength() {
        return digestLength;
    }
}

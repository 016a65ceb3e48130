package dev.affix.storage;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import java.util.Objects;
import java.util.Optional;

/**
 * How to store an upload. With an expected checksum (and optionally an expected length) the service
 * verifies the bytes while it streams them and keeps nothing if they differ; without one it computes
 * the checksum with {@code algorithm} and reports it.
 *
 * <p>An upload creates the object only if the key is free, and otherwise raises
 * {@link KeyExistsException} and changes nothing; {@link #overwriting()} lets it replace an object
 * that is already there.
 */
public record UploadOptions(Checksum expectedChecksum, Long expectedByteSize, ChecksumAlgorithm algorithm,
        ObjectMetadata metadata, boolean overwrite) {

    private static final UploadOptions DEFAULTS = new UploadOptions(null, null, ChecksumAlgorithm.MD5, ObjectMetadata.none(), false);

    public UploadOptions {
        if (expectedByteSize != null && expectedByteSize < 0) {
            throw new IllegalArgumentException("expected byte size " + expectedByteSize + " is negative");
        }
        algorithm = expectedChecksum != null ? expectedChecksum.algorithm() : Objects.requireNonNull(algorithm, "algorithm");
        metadata = metadata == null ? ObjectMetadata.none() : metadata;
    }

    public static UploadOptions defaults() {
        return DEFAULTS;
    }

    public static UploadOptions verifying(Checksum checksum) {
        return DEFAULTS.withChecksum(checksum);
    }

    public Optional<Checksum> checksumIfExpected() {
        return Optional.ofNullable(expectedChecksum);
    }

    public Optional<Long> byteSizeIfExpected() {
        return Optional.ofNullable(expectedByteSize);
    }

    public UploadOptions withChecksum(Checksum checksum) {
        return new UploadOptions(checksum, expectedByteSize, algorithm, metadata, overwrite);
    }

    public UploadOptions withByteSize(long byteSize) {
        return new UploadOptions(expectedChecksum, byteSize, algorithm, metadata, overwrite);
    }

    public UploadOptions withAlgorithm(ChecksumAlgorithm value) {
        return new UploadOptions(expectedChecksum, expectedByteSize, value, metadata, overwrite);
    }

    public UploadOptions withMetadata(ObjectMetadata value) {
        return new UploadOptions(expectedChecksum, expectedByteSize, algorithm, value, overwrite);
    }

    /** Whether the upload may replace an object already at the key (false: create only if absent). */
    public UploadOptions withOverwrite(boolean value) {
        return new UploadOptions(expectedChecksum, expectedByteSize, algorithm, metadata, value);
    }

    /** These options, allowed to replace an object already at the key. */
    public UploadOptions overwriting() {
        return withOverwrite(true);
    }
}

package dev.affix.storage;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import java.util.Objects;
import java.util.Optional;

/**
 * How to store an upload. With an expected checksum (and optionally an expected length) the service
 * verifies the bytes while it streams them and keeps nothing if they differ; without one it computes
 * the checksum with {@code algorithm} and reports it.
 */
public record UploadOptions(Checksum expectedChecksum, Long expectedByteSize, ChecksumAlgorithm algorithm,
        ObjectMetadata metadata) {

    private static final UploadOptions DEFAULTS = new UploadOptions(null, null, ChecksumAlgorithm.MD5, ObjectMetadata.none());

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
        return new UploadOptions(checksum, expectedByteSize, algorithm, metadata);
    }

    public UploadOptions withByteSize(long byteSize) {
        return new UploadOptions(expectedChecksum, byteSize, algorithm, metadata);
    }

    public UploadOptions withAlgorithm(ChecksumAlgorithm value) {
        return new UploadOptions(expectedChecksum, expectedByteSize, value, metadata);
    }

    public UploadOptions withMetadata(ObjectMetadata value) {
        return new UploadOptions(expectedChecksum, expectedByteSize, algorithm, value);
    }
}

package dev.affix.s3;

import java.net.URI;
import java.util.Locale;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The validated settings of one S3 service. Sizes are checked against S3's limits here, so that a
 * bad value fails when the configuration is read rather than in the middle of an upload.
 *
 * @param endpoint           an S3-compatible store's address (MinIO, R2, Spaces, s3proxy); {@code null} for AWS itself
 * @param accessKeyId        with {@code secretAccessKey}, fixed credentials; both {@code null} for the SDK's default chain
 * @param isPublic           whether objects are world-readable, so that URLs are permanent and unsigned
 * @param acl                the canned ACL new objects get; public services default to {@code public-read}
 * @param multipartThreshold objects of a declared size above this go up in parts
 * @param partSize           the size of one part, which is also the one buffer an upload holds in memory
 */
public record S3Settings(String bucket, String region, URI endpoint, String accessKeyId, String secretAccessKey,
        boolean forcePathStyle, boolean isPublic, ServerSideEncryption serverSideEncryption, String cacheControl,
        ObjectCannedACL acl, long multipartThreshold, long partSize) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final long MIB = 1024L * 1024;
    public static final long DEFAULT_MULTIPART_THRESHOLD = 100 * MIB;
    public static final long DEFAULT_PART_SIZE = 16 * MIB;
    /** S3 refuses smaller parts, except the last. */
    public static final long MIN_PART_SIZE = 5 * MIB;
    /** S3 allows 5 GiB, but a part is buffered in one array, so Affix stops at 1 GiB. */
    public static final long MAX_PART_SIZE = 1024 * MIB;
    /** The largest object one PutObject (or one CopyObject) may carry. */
    public static final long MAX_SINGLE_REQUEST_SIZE = 5 * 1024 * MIB;
    public static final int MAX_PARTS = 10_000;
    public static final long MAX_OBJECT_SIZE = 5L * 1024 * 1024 * MIB;

    public S3Settings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("bucket must not be empty");
        }
        if (bucket.contains("/") || !bucket.equals(bucket.strip())) {
            throw new IllegalArgumentException("bucket '" + bucket + "' must be a bare bucket name, without slashes or spaces");
        }
        region = region == null || region.isBlank() ? DEFAULT_REGION : region.strip();
        if (endpoint != null) {
            String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
                throw new IllegalArgumentException("endpoint '" + endpoint + "' must be an http:// or https:// URL with a host");
            }
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("access_key_id and secret_access_key must be given together "
                    + "(or neither, to use the default AWS credential chain)");
        }
        if (serverSideEncryption == ServerSideEncryption.UNKNOWN_TO_SDK_VERSION) {
            throw new IllegalArgumentException("server_side_encryption must be one of " + ServerSideEncryption.knownValues());
        }
        if (acl == ObjectCannedACL.UNKNOWN_TO_SDK_VERSION) {
            throw new IllegalArgumentException("acl must be one of " + ObjectCannedACL.knownValues());
        }
        if (cacheControl != null && !HeaderValues.isPrintableAscii(cacheControl)) {
            throw new IllegalArgumentException("cache_control must be printable US-ASCII");
        }
        acl = acl == null && isPublic ? ObjectCannedACL.PUBLIC_READ : acl;
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("part_size " + partSize + " must be between " + MIN_PART_SIZE
                    + " (S3's minimum part) and " + MAX_PART_SIZE + " bytes (a part is buffered in memory)");
        }
        if (multipartThreshold < 1 || multipartThreshold > MAX_SINGLE_REQUEST_SIZE) {
            throw new IllegalArgumentException("multipart_threshold " + multipartThreshold + " must be between 1 and "
                    + MAX_SINGLE_REQUEST_SIZE + " bytes (S3's largest single PutObject)");
        }
    }

    /** Where the bucket lives, for messages: the endpoint, or the AWS region. */
    public String location() {
        return endpoint != null ? endpoint.toString() : "AWS region " + region;
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "S3Settings[bucket=" + bucket + ", region=" + region + ", endpoint=" + endpoint + ", accessKeyId="
                + accessKeyId + ", secretAccessKey=" + (secretAccessKey == null ? null : "****") + ", forcePathStyle="
                + forcePathStyle + ", public=" + isPublic + ", serverSideEncryption=" + serverSideEncryption
                + ", cacheControl=" + cacheControl + ", acl=" + acl + ", multipartThreshold=" + multipartThreshold
                + ", partSize=" + partSize + "]";
    }
}

package dev.affix.s3;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;

/**
 * One multipart upload in progress. S3 shows nothing at the key until {@link #complete()}, and
 * {@link #abort} discards the parts, so a failed upload leaves neither an object nor stored parts.
 */
final class MultipartUpload {

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();

    private MultipartUpload(S3Client s3, String bucket, String key, String uploadId) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
    }

    static MultipartUpload start(S3Client s3, String bucket, String key, ObjectAttributes attributes) {
        CreateMultipartUploadRequest request = attributes.applyTo(CreateMultipartUploadRequest.builder()
                .bucket(bucket).key(key)).build();
        return new MultipartUpload(s3, bucket, key, s3.createMultipartUpload(request).uploadId());
    }

    /** Sends the buffer as the next part, with its Content-MD5 so that S3 checks it on arrival. */
    void uploadPart(PartBuffer buffer) {
        int number = parts.size() + 1;
        String eTag = s3.uploadPart(part -> part.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength((long) buffer.length()).contentMD5(buffer.md5Base64()),
                RequestBody.fromContentProvider(buffer::newStream, buffer.length(), ObjectAttributes.DEFAULT_CONTENT_TYPE))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
    }

    /**
     * Makes bytes {@code first} to {@code last} of another object the next part, inside S3. The copy
     * fails if the source changed since its ETag was read.
     *
     * @param wholeSource whether the range is the whole source, which S3 copies without a range header
     */
    void copyPart(String sourceKey, String sourceETag, long first, long last, boolean wholeSource) {
        int number = parts.size() + 1;
        String eTag = s3.uploadPartCopy(copy -> {
            copy.sourceBucket(bucket).sourceKey(sourceKey).copySourceIfMatch(sourceETag)
                    .destinationBucket(bucket).destinationKey(key).uploadId(uploadId).partNumber(number);
            if (!wholeSource) {
                copy.copySourceRange("bytes=" + first + "-" + last);
            }
        }).copyPartResult().eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
    }

    String uploadId() {
        return uploadId;
    }

    int partCount() {
        return parts.size();
    }

    /**
     * Makes the parts the object. Unless {@code overwrite}, S3 does so only if the key is free
     * ({@code If-None-Match: *}), and otherwise refuses with 412 and keeps the object there.
     */
    void complete(boolean overwrite) {
        s3.completeMultipartUpload(done -> done.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(upload -> upload.parts(parts))
                .ifNoneMatch(overwrite ? null : "*"));
    }

    /** Discards the parts; a failure to do so is recorded on {@code cause}, which the caller goes on to throw. */
    void abort(Throwable cause) {
        try {
            s3.abortMultipartUpload(abort -> abort.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            cause.addSuppressed(e);
        }
    }
}

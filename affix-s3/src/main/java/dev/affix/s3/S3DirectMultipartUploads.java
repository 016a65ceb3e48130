package dev.affix.s3;

import dev.affix.storage.DirectMultipartUploads;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.UploadedPart;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Multipart uploads whose parts a browser PUTs straight to S3 on presigned URLs (Uppy's
 * {@code @uppy/aws-s3}): Affix starts the upload with the object's attributes, signs each part's URL,
 * lists what S3 holds and completes it, only if the key is free, without a byte passing through it.
 * The bucket's CORS rules must let the page's origin PUT and read the {@code ETag} header.
 */
final class S3DirectMultipartUploads implements DirectMultipartUploads {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3Settings settings;
    private final S3Errors errors;

    S3DirectMultipartUploads(S3Client s3, S3Presigner presigner, S3Settings settings, S3Errors errors) {
        this.s3 = s3;
        this.presigner = presigner;
        this.settings = settings;
        this.errors = errors;
    }

    @Override
    public long minPartSize() {
        return S3Settings.MIN_PART_SIZE;
    }

    @Override
    public int maxParts() {
        return S3Settings.MAX_PARTS;
    }

    @Override
    public String begin(String key, ObjectMetadata metadata) {
        ObjectAttributes attributes = ObjectAttributes.of(metadata, settings);
        try {
            return MultipartUpload.start(s3, settings.bucket(), key, attributes).uploadId();
        } catch (SdkException e) {
            throw errors.failed("start of a multipart upload to key '" + key + "'", e);
        }
    }

    @Override
    public URI partUrl(String key, String uploadId, int partNumber, Duration expiresIn) {
        if (expiresIn.compareTo(S3Urls.MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("S3 URLs expire after at most " + S3Urls.MAX_EXPIRY.toDays() + " days, not " + expiresIn);
        }
        return URI.create(presigner.presignUploadPart(presign -> presign.signatureDuration(expiresIn)
                .uploadPartRequest(part -> part.bucket(settings.bucket()).key(key).uploadId(uploadId).partNumber(partNumber)))
                .url().toExternalForm());
    }

    /** ETags without their quotes, as a browser reports them after reading the header. */
    @Override
    public List<UploadedPart> parts(String key, String uploadId) {
        try {
            return s3.listPartsPaginator(list -> list.bucket(settings.bucket()).key(key).uploadId(uploadId)).parts().stream()
                    .map(part -> new UploadedPart(part.partNumber(), part.size(), bare(part.eTag()))).toList();
        } catch (SdkException e) {
            throw errors.failed("listing the parts of the multipart upload to key '" + key + "'", e);
        }
    }

    @Override
    public void complete(String key, String uploadId, List<UploadedPart> parts) {
        List<CompletedPart> completed = parts.stream()
                .map(part -> CompletedPart.builder().partNumber(part.number()).eTag('"' + part.tag() + '"').build()).toList();
        try {
            s3.completeMultipartUpload(done -> done.bucket(settings.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(list -> list.parts(completed)).ifNoneMatch("*"));
        } catch (SdkException e) {
            if (S3Errors.isKeyTaken(e)) {
                throw errors.keyTaken(key, e);
            }
            throw errors.failed("completion of the multipart upload to key '" + key + "'", e);
        }
    }

    private static String bare(String eTag) {
        return eTag.replaceAll("^\"+|\"+$", "");
    }

    @Override
    public void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(abort -> abort.bucket(settings.bucket()).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            if (!S3Errors.hasStatus(e, 404)) {
                throw errors.failed("abort of the multipart upload to key '" + key + "'", e);
            }
        }
    }
}

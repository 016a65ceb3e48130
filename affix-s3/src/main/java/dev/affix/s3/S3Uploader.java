package dev.affix.s3;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.checksum.DigestingInputStream;
import dev.affix.storage.StorageException;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Stores a stream in S3 in constant memory, in one of three ways:
 * <ul>
 *   <li>a declared size above one part and up to the multipart threshold: one PutObject streamed
 *       straight from the source, which checks length and checksum before its last bytes go out;</li>
 *   <li>a source that fits in one part (found by filling the part buffer): one PutObject from the
 *       buffer, verified before it is sent and replayable when the SDK retries;</li>
 *   <li>anything larger: a multipart upload, one buffered part at a time, verified before it is
 *       completed and aborted on any failure.</li>
 * </ul>
 * Every request carries a checksum S3 checks on arrival (Content-MD5, x-amz-checksum-sha256, or the
 * SDK's own CRC for the streamed body), so bytes corrupted on the way are refused too.
 */
final class S3Uploader {

    private final S3Client s3;
    private final S3Settings settings;
    private final S3Errors errors;

    S3Uploader(S3Client s3, S3Settings settings, S3Errors errors) {
        this.s3 = s3;
        this.settings = settings;
        this.errors = errors;
    }

    StoredObject upload(String key, InputStream in, UploadOptions options) {
        ObjectAttributes attributes = ObjectAttributes.of(options.metadata(), settings);
        String action = "upload to key '" + key + "'";
        Upload upload = new Upload(key, new DigestingInputStream(in, options.algorithm()), options, attributes, action,
                errors.describe(action));
        Long declared = options.expectedByteSize();
        if (declared != null && declared > S3Settings.MAX_OBJECT_SIZE) {
            throw new StorageException(upload.what + " is declared as " + declared + " bytes; S3 stores at most "
                    + S3Settings.MAX_OBJECT_SIZE);
        }
        if (declared != null && declared > settings.partSize() && declared <= settings.multipartThreshold()) {
            return streamedPut(upload, declared);
        }
        return bufferedUpload(upload);
    }

    /** What one upload is about, so the three paths share their checks and messages. */
    private record Upload(String key, DigestingInputStream source, UploadOptions options, ObjectAttributes attributes,
            String action, String what) {

        void verify() {
            Long declared = options.expectedByteSize();
            if (declared != null && source.byteCount() != declared) {
                throw UploadMismatch.wrongLength(what, source.byteCount(), declared);
            }
            Checksum expected = options.expectedChecksum();
            if (expected != null && !expected.equals(source.checksum())) {
                throw UploadMismatch.wrongChecksum(what, source.checksum(), expected);
            }
        }

        StoredObject stored() {
            return new StoredObject(key, source.byteCount(), source.checksum());
        }

        boolean isSha256() {
            return options.algorithm() == ChecksumAlgorithm.SHA256;
        }

        /** Unless asked to overwrite, S3 stores the object only if the key is free, deciding atomically. */
        void onlyIfAbsent(PutObjectRequest.Builder request) {
            if (!options.overwrite()) {
                request.ifNoneMatch("*");
            }
        }
    }

    private StoredObject streamedPut(Upload upload, long declared) {
        Checksum expected = upload.options.expectedChecksum();
        CheckedBody body = new CheckedBody(upload.source, declared, expected, upload.what);
        PutObjectRequest.Builder request = upload.attributes.applyTo(PutObjectRequest.builder()
                .bucket(settings.bucket()).key(upload.key)).contentLength(declared);
        upload.onlyIfAbsent(request);
        if (expected != null && upload.isSha256()) {
            request.checksumSHA256(expected.base64());
        } else if (expected != null) {
            request.contentMD5(expected.base64());
        }
        try {
            s3.putObject(request.build(), RequestBody.fromContentProvider(new OneShotContentProvider(body, body::bytesRead), declared,
                    upload.attributes.contentTypeOrDefault()));
        } catch (RuntimeException e) {
            // The SDK reports a failing body as its own I/O error; the body knows the real reason.
            if (body.mismatch() != null) {
                body.mismatch().addSuppressed(e);
                throw body.mismatch();
            }
            if (body.sourceFailure() != null) {
                throw sourceFailed(upload, body.sourceFailure());
            }
            throw e instanceof SdkException sdk ? refused(upload, sdk)
                    : new StorageException(upload.what + " failed: " + e.getMessage(), e);
        }
        return upload.stored();
    }

    private StoredObject bufferedUpload(Upload upload) {
        // The one part buffer is this upload's whole memory footprint, whatever the object's size.
        PartBuffer buffer = new PartBuffer(partSizeFor(upload.options.expectedByteSize()));
        boolean ended = fill(upload, buffer);
        if (ended && buffer.length() <= settings.multipartThreshold()) {
            upload.verify();
            putBuffered(upload, buffer);
            return upload.stored();
        }
        return multipart(upload, buffer, ended);
    }

    private void putBuffered(Upload upload, PartBuffer buffer) {
        PutObjectRequest.Builder request = upload.attributes.applyTo(PutObjectRequest.builder()
                        .bucket(settings.bucket()).key(upload.key))
                .contentLength((long) buffer.length())
                .contentMD5(buffer.md5Base64());
        upload.onlyIfAbsent(request);
        if (upload.isSha256()) {
            request.checksumSHA256(upload.source.checksum().base64());
        }
        try {
            s3.putObject(request.build(), RequestBody.fromContentProvider(buffer::newStream, buffer.length(),
                    upload.attributes.contentTypeOrDefault()));
        } catch (SdkException e) {
            throw refused(upload, e);
        }
    }

    /** A failed request as the caller should see it: the key taken, or the service failing. */
    private StorageException refused(Upload upload, SdkException e) {
        return S3Errors.isKeyTaken(e) ? errors.keyTaken(upload.key, e) : errors.failed(upload.action, e);
    }

    private StoredObject multipart(Upload upload, PartBuffer buffer, boolean sourceEnded) {
        MultipartUpload multipart;
        try {
            multipart = MultipartUpload.start(s3, settings.bucket(), upload.key, upload.attributes);
        } catch (SdkException e) {
            throw errors.failed(upload.action, e);
        }
        Long declared = upload.options.expectedByteSize();
        try {
            boolean ended = sourceEnded;
            while (true) {
                if (declared != null && upload.source.byteCount() > declared) {
                    throw UploadMismatch.longerThanDeclared(upload.what, declared);
                }
                multipart.uploadPart(buffer);
                if (ended) {
                    break;
                }
                if (multipart.partCount() == S3Settings.MAX_PARTS) {
                    throw new StorageException(upload.what + " needs more than " + S3Settings.MAX_PARTS + " parts of "
                            + buffer.length() + " bytes: declare its size or raise part_size; nothing was stored");
                }
                ended = fill(upload, buffer);
            }
            upload.verify();
            multipart.complete(upload.options.overwrite());
            return upload.stored();
        } catch (SdkException e) {
            multipart.abort(e);
            throw refused(upload, e);
        } catch (RuntimeException e) {
            multipart.abort(e);
            throw e;
        }
    }

    private static boolean fill(Upload upload, PartBuffer buffer) {
        try {
            return buffer.fill(upload.source);
        } catch (IOException e) {
            throw sourceFailed(upload, e);
        }
    }

    private static StorageException sourceFailed(Upload upload, IOException e) {
        return new StorageException(upload.what + " failed reading its source after " + upload.source.byteCount()
                + " bytes: " + e + "; nothing was stored", e);
    }

    /** The configured part size, or larger when a declared size would otherwise need more parts than S3 allows. */
    private int partSizeFor(Long declared) {
        long size = settings.partSize();
        if (declared != null) {
            size = Math.max(size, (declared + S3Settings.MAX_PARTS - 1) / S3Settings.MAX_PARTS);
        }
        return (int) size;
    }
}

package dev.affix.storage;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A service to which a client sends the parts of an object itself, in parallel, on URLs the service
 * signs, so that the bytes never pass through the application: S3's multipart upload, as the browser
 * library Uppy ({@code @uppy/aws-s3}) speaks it. Asked of a service with
 * {@link StorageService#directMultipartUploads()}. Nothing is at the key before {@link #complete}.
 */
public interface DirectMultipartUploads {

    /** The least a part but the last may hold. */
    long minPartSize();

    /** The most parts an object may have. */
    int maxParts();

    /** Begins an upload to {@code key} with the object's type, disposition and custom metadata; returns the service's id of it. */
    String begin(String key, ObjectMetadata metadata);

    /** Where the client PUTs part {@code partNumber} (from 1) of the upload; valid for {@code expiresIn}. */
    URI partUrl(String key, String uploadId, int partNumber, Duration expiresIn);

    /** The parts the service holds, in order: number, size and the service's tag (S3's ETag). */
    List<UploadedPart> parts(String key, String uploadId);

    /**
     * Makes these parts, in this order, the object at the key, only if no object is there
     * ({@link KeyExistsException} otherwise, the object left as it was).
     */
    void complete(String key, String uploadId, List<UploadedPart> parts);

    /** Discards the upload and its parts; doing it again does nothing. */
    void abort(String key, String uploadId);
}

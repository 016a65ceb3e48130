package dev.affix.s3;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.storage.StorageException;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds objects out of existing ones inside S3 with UploadPartCopy, so the bytes are not uploaded
 * again: compose, and the metadata change of an object too large for one CopyObject. Each source is
 * pinned by its ETag, so a source replaced meanwhile fails the copy instead of slipping into it.
 */
final class ServerSideCopy {

    /** An existing object as HeadObject described it. */
    record Source(String key, long size, String eTag) {

        /** How many parts of at most 5 GiB (S3's limit for one copied part) the source is copied in. */
        long partCount() {
            return (size + S3Settings.MAX_SINGLE_REQUEST_SIZE - 1) / S3Settings.MAX_SINGLE_REQUEST_SIZE;
        }
    }

    private final S3Client s3;
    private final S3Settings settings;
    private final S3Errors errors;

    ServerSideCopy(S3Client s3, S3Settings settings, S3Errors errors) {
        this.s3 = s3;
        this.settings = settings;
        this.errors = errors;
    }

    /**
     * Whether S3 can join these sources: every part but the last must have at least 5 MiB, and an
     * upload has at most 10 000 parts. When it cannot, the sources have to be streamed instead.
     */
    static boolean canJoin(List<Source> sources) {
        long parts = 0;
        for (int i = 0; i < sources.size(); i++) {
            Source source = sources.get(i);
            boolean last = i == sources.size() - 1;
            if (source.size() == 0 || (!last && source.size() < S3Settings.MIN_PART_SIZE)) {
                return false;
            }
            parts += source.partCount();
        }
        return parts <= S3Settings.MAX_PARTS;
    }

    /**
     * Joins the sources into {@code destination}. S3 cannot report the checksum of a joined object, so
     * the sources are read once to compute it, and an expected size or checksum is verified before
     * anything is written.
     */
    StoredObject compose(List<Source> sources, String destination, UploadOptions options, ObjectAttributes attributes) {
        String action = "compose into key '" + destination + "'";
        long size = sources.stream().mapToLong(Source::size).sum();
        if (options.expectedByteSize() != null && size != options.expectedByteSize()) {
            throw UploadMismatch.wrongLength(errors.describe(action), size, options.expectedByteSize());
        }
        Checksum checksum = checksumOf(sources, options.algorithm(), action);
        if (options.expectedChecksum() != null && !options.expectedChecksum().equals(checksum)) {
            throw UploadMismatch.wrongChecksum(errors.describe(action), checksum, options.expectedChecksum());
        }
        copy(sources, destination, attributes, options.overwrite(), action);
        return new StoredObject(destination, size, checksum);
    }

    /**
     * Writes the sources, in order, as one object at {@code destination} with these attributes: a new
     * one, or with {@code overwrite} one that may replace what is there.
     */
    void copy(List<Source> sources, String destination, ObjectAttributes attributes, boolean overwrite, String action) {
        MultipartUpload upload;
        try {
            upload = MultipartUpload.start(s3, settings.bucket(), destination, attributes);
        } catch (SdkException e) {
            throw errors.failed(action, e);
        }
        try {
            for (Source source : sources) {
                long parts = source.partCount();
                long partSize = (source.size() + parts - 1) / parts;
                for (long first = 0; first < source.size(); first += partSize) {
                    long last = Math.min(first + partSize, source.size()) - 1;
                    upload.copyPart(source.key(), source.eTag(), first, last, parts == 1);
                }
            }
        } catch (SdkException e) {
            upload.abort(e);
            throw errors.failed(action, e);
        }
        try {
            upload.complete(overwrite);
        } catch (SdkException e) {
            upload.abort(e);
            // only the completion is conditional: a 412 from a part copy means a source changed
            throw S3Errors.isKeyTaken(e) ? errors.keyTaken(destination, e) : errors.failed(action, e);
        }
    }

    private Checksum checksumOf(List<Source> sources, ChecksumAlgorithm algorithm, String action) {
        MessageDigest digest = algorithm.newDigest();
        byte[] buffer = new byte[64 * 1024];
        for (Source source : sources) {
            try (InputStream in = s3.getObject(get -> get.bucket(settings.bucket()).key(source.key()).ifMatch(source.eTag()))) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    digest.update(buffer, 0, n);
                }
            } catch (SdkException e) {
                throw errors.failed(action + " (reading source '" + source.key() + "')", e);
            } catch (IOException e) {
                throw new StorageException(errors.describe(action) + " failed reading source '" + source.key() + "': " + e, e);
            }
        }
        return Checksum.of(algorithm, digest.digest());
    }
}

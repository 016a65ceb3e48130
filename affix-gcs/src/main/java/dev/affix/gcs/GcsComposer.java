package dev.affix.gcs;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.ComposeRequest;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.DigestingInputStream;
import dev.affix.io.Streams;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Concatenates objects inside GCS, without their bytes passing through the application. GCS composes
 * at most 32 sources per request, so longer lists are composed in a chain: each step appends up to 31
 * more sources to the result of the step before. The chain builds a scratch object under
 * {@value #SCRATCH_PREFIX}; only once its checksum and length are verified is it copied to the
 * destination (a single-source compose), so a mismatch leaves a previous object there untouched.
 * Unless the caller asks to overwrite, that last compose carries {@code ifGenerationMatch=0}, so GCS
 * refuses it if the destination is taken.
 */
final class GcsComposer {

    /** The most sources GCS accepts in one compose request. */
    static final int MAX_SOURCES_PER_REQUEST = 32;
    static final String SCRATCH_PREFIX = "affix-compose/";

    private final GcsBucket bucket;

    GcsComposer(GcsBucket bucket) {
        this.bucket = bucket;
    }

    StoredObject compose(List<String> sourceKeys, String destinationKey, UploadOptions options) {
        if (sourceKeys.isEmpty()) {
            throw new IllegalArgumentException("compose needs at least one source key");
        }
        sourceKeys.forEach(StorageKeys::requireValidKey);
        StorageKeys.requireValidKey(destinationKey);
        List<BlobId> sources = sourceKeys.stream().map(bucket::existing).map(Blob::getBlobId).toList();
        BlobId scratch = bucket.blobId(SCRATCH_PREFIX + StorageKeys.random());
        try {
            Blob joined = chain(sources, scratch, destinationKey);
            StoredObject stored = measure(joined, destinationKey, options);
            verify(stored, options);
            publish(joined, destinationKey, options);
            return stored;
        } finally {
            deleteQuietly(scratch);
        }
    }

    /**
     * Joins exactly these generations into the destination, inside GCS and without reading them: the
     * bytes' checksum is already known (a resumable upload's). The chain is built at {@code scratch},
     * which the caller deletes; the destination is taken only if it is free.
     */
    void join(List<BlobId> sources, BlobId scratch, String destinationKey, ObjectMetadata metadata) {
        publish(chain(sources, scratch, destinationKey), destinationKey, UploadOptions.defaults().withMetadata(metadata));
    }

    private Blob chain(List<BlobId> sources, BlobId scratch, String destinationKey) {
        Blob joined = null;
        int next = 0;
        while (next < sources.size()) {
            ComposeRequest.Builder request = ComposeRequest.newBuilder().setTarget(BlobInfo.newBuilder(scratch).build());
            int room = MAX_SOURCES_PER_REQUEST;
            if (joined != null) {
                request.addSource(scratch.getName(), joined.getGeneration());
                room--;
            }
            int end = Math.min(sources.size(), next + room);
            for (BlobId source : sources.subList(next, end)) {
                request.addSource(source.getName(), source.getGeneration());
            }
            next = end;
            joined = compose(request.build(), destinationKey);
        }
        return joined;
    }

    /** Reads the composed bytes back once, for the checksum the caller asked for. */
    private StoredObject measure(Blob joined, String destinationKey, UploadOptions options) {
        try (InputStream in = bucket.read(joined.getBlobId());
             DigestingInputStream digesting = new DigestingInputStream(in, options.algorithm())) {
            Streams.copy(digesting, OutputStream.nullOutputStream());
            return new StoredObject(destinationKey, digesting.byteCount(), digesting.checksum());
        } catch (IOException e) {
            throw new StorageException("GCS service '" + bucket.serviceName() + "': could not read back the composition for key '"
                    + destinationKey + "': " + e, e);
        }
    }

    private void verify(StoredObject stored, UploadOptions options) {
        if (options.expectedByteSize() != null && stored.byteSize() != options.expectedByteSize()) {
            throw new IntegrityException("composition for key '" + stored.key() + "' in service '" + bucket.serviceName()
                    + "' has " + stored.byteSize() + " bytes, not the " + options.expectedByteSize()
                    + " declared; nothing was stored");
        }
        Checksum expected = options.expectedChecksum();
        if (expected != null && !expected.equals(stored.checksum())) {
            throw new IntegrityException("composition for key '" + stored.key() + "' in service '" + bucket.serviceName()
                    + "' has checksum " + stored.checksum() + ", not the " + expected + " declared; nothing was stored");
        }
    }

    private void publish(Blob joined, String destinationKey, UploadOptions options) {
        ComposeRequest.Builder request = ComposeRequest.newBuilder()
                .addSource(joined.getName(), joined.getGeneration())
                .setTarget(bucket.objectInfo(destinationKey, options.metadata()).build());
        if (!options.overwrite()) {
            request.setTargetOptions(BlobTargetOption.doesNotExist());
        }
        try {
            bucket.storage().compose(request.build());
        } catch (com.google.cloud.storage.StorageException e) {
            throw bucket.writeFailure("compose key '" + destinationKey + "'", destinationKey, e);
        }
    }

    private Blob compose(ComposeRequest request, String destinationKey) {
        try {
            return bucket.storage().compose(request);
        } catch (com.google.cloud.storage.StorageException e) {
            throw bucket.failure("compose key '" + destinationKey + "'", e);
        }
    }

    private void deleteQuietly(BlobId scratch) {
        try {
            bucket.storage().delete(scratch);
        } catch (com.google.cloud.storage.StorageException ignored) {
            // a leftover scratch object is never any blob's key; a lifecycle rule on the prefix reclaims it
        }
    }
}

package dev.affix.gcs;

import java.util.stream.Stream;
import java.util.Optional;
import dev.affix.storage.spi.ObjectListings;
import dev.affix.storage.ObjectSummary;
import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobField;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.StorageBatch;
import com.google.cloud.storage.StorageBatchResult;
import dev.affix.storage.ByteRange;
import dev.affix.storage.DirectUploadRequest;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.RangeNotSatisfiableException;
import dev.affix.storage.ResumableUploads;
import dev.affix.storage.ServiceCheck;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.StorageService;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UrlOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores objects in a Google Cloud Storage bucket through the official SDK. Uploads stream through
 * resumable upload sessions that are finalized only after verification ({@link GcsUploader});
 * compose runs inside GCS ({@link GcsComposer}); download URLs and direct uploads are V4-signed
 * ({@link GcsUrlSigner}). The service takes a ready {@link Storage} client, which
 * {@link GcsServiceFactory} builds from the configuration with bounded retries.
 */
public final class GcsService implements StorageService {

    public static final String TYPE = "GCS";
    /** Deletes by prefix go out in batch requests of this many objects, the most GCS takes in one. */
    static final int DELETE_BATCH_SIZE = 100;

    private final String name;
    private final GcsBucket bucket;
    private final boolean isPublic;
    private final GcsUploader uploader;
    private final GcsComposer composer;
    private final GcsUrlSigner signer;

    /**
     * @param cacheControl the Cache-Control every stored object is served with, or null for GCS's default
     */
    public GcsService(String name, Storage storage, String bucket, boolean isPublic, String cacheControl) {
        this.name = name;
        this.bucket = new GcsBucket(name, storage, bucket, cacheControl);
        this.isPublic = isPublic;
        this.uploader = new GcsUploader(this.bucket);
        this.composer = new GcsComposer(this.bucket);
        this.signer = new GcsUrlSigner(this.bucket);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isPublic() {
        return isPublic;
    }

    public String bucket() {
        return bucket.name();
    }

    /** The SDK client this service talks through. */
    public Storage storage() {
        return bucket.storage();
    }

    @Override
    public StoredObject upload(String key, InputStream in, UploadOptions options) {
        return uploader.upload(key, in, options);
    }

    /** Streams the generation that exists now, so that a concurrent replacement cannot mix two versions. */
    @Override
    public InputStream download(String key) {
        StorageKeys.requireValidKey(key);
        return bucket.read(bucket.existing(key).getBlobId());
    }

    @Override
    public InputStream download(String key, ByteRange range) {
        StorageKeys.requireValidKey(key);
        Blob blob = bucket.existing(key);
        long size = blob.getSize();
        if (!range.isSatisfiableFor(size)) {
            throw new RangeNotSatisfiableException(name, key, range, size);
        }
        ReadChannel reader = bucket.storage().reader(blob.getBlobId());
        try {
            reader.seek(range.first());
            reader.limit(range.lastWithin(size) + 1);
        } catch (IOException e) {
            reader.close();
            throw new StorageException("GCS service '" + name + "': could not read key '" + key + "' from byte "
                    + range.first() + ": " + e, e);
        }
        return Channels.newInputStream(reader);
    }

    @Override
    public boolean exists(String key) {
        StorageKeys.requireValidKey(key);
        try {
            return bucket.storage().get(bucket.blobId(key), Storage.BlobGetOption.fields(BlobField.NAME)) != null;
        } catch (com.google.cloud.storage.StorageException e) {
            throw bucket.failure("look up key '" + key + "'", e);
        }
    }

    @Override
    public Optional<ObjectSummary> head(String key) {
        StorageKeys.requireValidKey(key);
        try {
            Blob blob = bucket.storage().get(bucket.blobId(key), Storage.BlobGetOption.fields(BlobField.NAME, BlobField.SIZE));
            return Optional.ofNullable(blob).map(found -> new ObjectSummary(key, found.getSize()));
        } catch (com.google.cloud.storage.StorageException e) {
            throw bucket.failure("look up key '" + key + "'", e);
        }
    }

    @Override
    public Stream<ObjectSummary> list(String prefix) {
        StorageKeys.requireValidListPrefix(prefix);
        Iterable<Blob> blobs = () -> bucket.storage().list(bucket.name(), BlobListOption.prefix(prefix),
                BlobListOption.fields(BlobField.NAME, BlobField.SIZE)).iterateAll().iterator();
        return ObjectListings.stream(blobs, blob -> new ObjectSummary(blob.getName(), blob.getSize()),
                e -> e instanceof com.google.cloud.storage.StorageException gcs
                        ? bucket.failure("list prefix '" + prefix + "'", gcs) : e);
    }

    @Override
    public void delete(String key) {
        StorageKeys.requireValidKey(key);
        try {
            bucket.storage().delete(bucket.blobId(key));
        } catch (com.google.cloud.storage.StorageException e) {
            throw bucket.failure("delete key '" + key + "'", e);
        }
    }

    /** GCS matches a listing prefix as plain text, never as a pattern, which is what the contract asks. */
    @Override
    public void deletePrefixed(String prefix) {
        StorageKeys.requireValidPrefix(prefix);
        try {
            Page<Blob> page = bucket.storage().list(bucket.name(), BlobListOption.prefix(prefix),
                    BlobListOption.fields(BlobField.NAME));
            List<BlobId> pending = new ArrayList<>(DELETE_BATCH_SIZE);
            for (Blob blob : page.iterateAll()) {
                pending.add(BlobId.of(bucket.name(), blob.getName()));
                if (pending.size() == DELETE_BATCH_SIZE) {
                    deleteBatch(pending);
                    pending.clear();
                }
            }
            deleteBatch(pending);
        } catch (com.google.cloud.storage.StorageException e) {
            throw bucket.failure("delete prefix '" + prefix + "'", e);
        }
    }

    /**
     * Batch requests are not retried by the SDK, so an object whose deletion failed in the batch is
     * deleted again on its own, with the configured retries; only that failure is reported.
     */
    private void deleteBatch(List<BlobId> ids) {
        if (ids.isEmpty()) {
            return;
        }
        StorageBatch batch = bucket.storage().batch();
        Map<BlobId, StorageBatchResult<Boolean>> results = new HashMap<>();
        for (BlobId id : ids) {
            results.put(id, batch.delete(id));
        }
        batch.submit();
        results.forEach((id, result) -> {
            try {
                result.get();
            } catch (com.google.cloud.storage.StorageException e) {
                bucket.storage().delete(id);
            }
        });
    }

    @Override
    public URI url(String key, UrlOptions options) {
        return isPublic ? signer.publicUrl(key) : signer.download(key, options);
    }

    @Override
    public DirectUploadTarget directUpload(String key, DirectUploadRequest request) {
        return signer.upload(key, request);
    }

    /**
     * Replaces the object's disposition and custom pairs, and its content type when one is given
     * (GCS has no "no type"). Custom keys that the new metadata lacks are removed.
     */
    @Override
    public void updateMetadata(String key, ObjectMetadata metadata) {
        StorageKeys.requireValidKey(key);
        Blob current = bucket.existing(key);
        Map<String, String> custom = new HashMap<>();
        if (current.getMetadata() != null) {
            current.getMetadata().keySet().forEach(old -> custom.put(old, null));
        }
        custom.putAll(metadata.custom());
        var patch = current.toBuilder()
                .setContentDisposition(GcsBucket.contentDisposition(metadata).orElse(null))
                .setMetadata(custom);
        metadata.contentTypeIfKnown().ifPresent(patch::setContentType);
        try {
            bucket.storage().update(patch.build());
        } catch (com.google.cloud.storage.StorageException e) {
            if (GcsErrors.isNotFound(e)) {
                throw new ObjectNotFoundException(name, key);
            }
            throw bucket.failure("update the metadata of key '" + key + "'", e);
        }
    }

    /** Parts streamed into scratch objects and composed into the key at the end (see {@link GcsResumableUploads}). */
    @Override
    public Optional<ResumableUploads> resumableUploads() {
        return Optional.of(new GcsResumableUploads(bucket, uploader, composer, this::deletePrefixed));
    }

    @Override
    public StoredObject compose(List<String> sourceKeys, String destinationKey, UploadOptions options) {
        return composer.compose(sourceKeys, destinationKey, options);
    }

    /**
     * Lists the bucket first, which tells a missing bucket, missing permissions and rejected
     * credentials apart; then signs a URL unless the bucket is public (credentials that cannot sign
     * would break every download link); then stores, reads back and deletes a probe object.
     */
    @Override
    public ServiceCheck check() {
        try {
            bucket.storage().list(bucket.name(), BlobListOption.pageSize(1), BlobListOption.fields(BlobField.NAME));
        } catch (com.google.cloud.storage.StorageException e) {
            return ServiceCheck.failed(name, TYPE, "cannot list bucket '" + bucket.name() + "': "
                    + GcsErrors.describe(e, bucket.name()));
        }
        if (!isPublic) {
            try {
                signer.download("affix-check/" + StorageKeys.random(), UrlOptions.expiringIn(Duration.ofMinutes(1)));
            } catch (StorageException e) {
                return ServiceCheck.failed(name, TYPE, e.getMessage());
            }
        }
        return StorageService.super.check();
    }
}

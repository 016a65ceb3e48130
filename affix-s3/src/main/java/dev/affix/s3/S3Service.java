package dev.affix.s3;

import java.util.stream.Stream;
import dev.affix.storage.spi.ObjectListings;
import dev.affix.storage.ObjectSummary;
import dev.affix.storage.ByteRange;
import dev.affix.storage.DirectMultipartUploads;
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
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Stores objects in an S3 bucket, on AWS or on an S3-compatible store (MinIO, R2, Spaces, s3proxy),
 * through the AWS SDK. Uploads stream in constant memory and are checked by S3 itself as they
 * arrive (see the package documentation). URLs are presigned, or plain and permanent for a public bucket.
 * Closing the service releases the SDK's connection pool.
 */
public final class S3Service implements StorageService, AutoCloseable {

    public static final String TYPE = "S3";
    /** DeleteObjects takes at most this many keys. */
    private static final int DELETE_BATCH = 1000;

    private final String name;
    private final S3Settings settings;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3Errors errors;
    private final S3Uploader uploader;
    private final S3Urls urls;
    private final ServerSideCopy copies;
    private final S3ResumableUploads resumable;
    private final S3DirectMultipartUploads directMultipart;

    private S3Service(String name, S3Settings settings, S3Client s3, S3Presigner presigner) {
        this.name = name;
        this.settings = settings;
        this.s3 = s3;
        this.presigner = presigner;
        this.errors = new S3Errors(name, settings);
        this.uploader = new S3Uploader(s3, settings, errors);
        this.urls = new S3Urls(s3, presigner, settings);
        this.copies = new ServerSideCopy(s3, settings, errors);
        this.resumable = new S3ResumableUploads(s3, settings, errors);
        this.directMultipart = new S3DirectMultipartUploads(s3, presigner, settings, errors);
    }

    /** A service talking to the bucket the settings name. Nothing is sent until the first operation. */
    public static S3Service connect(String name, S3Settings settings) {
        AwsCredentialsProvider credentials = S3Clients.credentials(settings);
        return new S3Service(name, settings, S3Clients.client(settings, credentials), S3Clients.presigner(settings, credentials));
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
        return settings.isPublic();
    }

    public S3Settings settings() {
        return settings;
    }

    @Override
    public StoredObject upload(String key, InputStream in, UploadOptions options) {
        StorageKeys.requireValidKey(key);
        return uploader.upload(key, in, options);
    }

    @Override
    public InputStream download(String key) {
        StorageKeys.requireValidKey(key);
        try {
            return s3.getObject(get -> get.bucket(settings.bucket()).key(key));
        } catch (SdkException e) {
            throw readFailed("download of key '" + key + "'", key, e);
        }
    }

    @Override
    public InputStream download(String key, ByteRange range) {
        StorageKeys.requireValidKey(key);
        try {
            return s3.getObject(get -> get.bucket(settings.bucket()).key(key).range("bytes=" + range));
        } catch (SdkException e) {
            if (S3Errors.hasStatus(e, 416)) {
                // S3's refusal does not say how large the object is; the exception should.
                throw new RangeNotSatisfiableException(name, key, range, existingObject(key).contentLength());
            }
            throw readFailed("download of range " + range + " of key '" + key + "'", key, e);
        }
    }

    /** A multipart upload per resumable upload, its parts streamed from the chunks (see {@link S3ResumableUploads}). */
    @Override
    public Optional<ResumableUploads> resumableUploads() {
        return Optional.of(resumable);
    }

    /** Parts a browser PUTs straight to the bucket on presigned URLs (see {@link S3DirectMultipartUploads}). */
    @Override
    public Optional<DirectMultipartUploads> directMultipartUploads() {
        return Optional.of(directMultipart);
    }

    @Override
    public boolean exists(String key) {
        StorageKeys.requireValidKey(key);
        try {
            s3.headObject(head -> head.bucket(settings.bucket()).key(key));
            return true;
        } catch (SdkException e) {
            if (S3Errors.isMissingObject(e)) {
                return false;
            }
            throw errors.failed("lookup of key '" + key + "'", e);
        }
    }

    @Override
    public Optional<ObjectSummary> head(String key) {
        StorageKeys.requireValidKey(key);
        try {
            long size = s3.headObject(head -> head.bucket(settings.bucket()).key(key)).contentLength();
            return Optional.of(new ObjectSummary(key, size));
        } catch (SdkException e) {
            if (S3Errors.isMissingObject(e)) {
                return Optional.empty();
            }
            throw errors.failed("lookup of key '" + key + "'", e);
        }
    }

    @Override
    public Stream<ObjectSummary> list(String prefix) {
        StorageKeys.requireValidListPrefix(prefix);
        var pages = s3.listObjectsV2Paginator(list -> list.bucket(settings.bucket()).prefix(prefix)).contents();
        return ObjectListings.stream(pages, object -> new ObjectSummary(object.key(), object.size()),
                e -> e instanceof SdkException sdk ? errors.failed("listing of prefix '" + prefix + "'", sdk) : e);
    }

    @Override
    public void delete(String key) {
        StorageKeys.requireValidKey(key);
        try {
            s3.deleteObject(delete -> delete.bucket(settings.bucket()).key(key));
        } catch (SdkException e) {
            throw errors.failed("deletion of key '" + key + "'", e);
        }
    }

    /** S3 prefixes are literal, so the prefix is handed over as it is; deletes go in batches of a listing page. */
    @Override
    public void deletePrefixed(String prefix) {
        StorageKeys.requireValidPrefix(prefix);
        String action = "deletion of prefix '" + prefix + "'";
        try {
            List<ObjectIdentifier> batch = new ArrayList<>(DELETE_BATCH);
            for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(settings.bucket()).prefix(prefix)).contents()) {
                batch.add(ObjectIdentifier.builder().key(object.key()).build());
                if (batch.size() == DELETE_BATCH) {
                    deleteBatch(batch, action);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                deleteBatch(batch, action);
            }
        } catch (SdkException e) {
            throw errors.failed(action, e);
        }
    }

    /**
     * Aborts the multipart uploads that a killed process or an outage left open (S3 keeps and bills
     * their parts until then), once neither started nor added to for {@code idleFor}. Every open upload
     * of the bucket counts, so a bucket shared with another application should use a threshold longer
     * than that application's longest upload (a lifecycle rule does the same).
     */
    @Override
    public int deleteAbandonedUploads(Duration idleFor) {
        Instant idleSince = Instant.now().minus(idleFor);
        int aborted = 0;
        try {
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(list -> list.bucket(settings.bucket())).uploads()) {
                if (upload.initiated().isAfter(idleSince) || lastPartAdded(upload).filter(idleSince::isBefore).isPresent()) {
                    continue;
                }
                s3.abortMultipartUpload(abort -> abort.bucket(settings.bucket()).key(upload.key()).uploadId(upload.uploadId()));
                aborted++;
            }
        } catch (SdkException e) {
            throw errors.failed("abort of abandoned multipart uploads", e);
        }
        return aborted;
    }

    private Optional<Instant> lastPartAdded(MultipartUpload upload) {
        return s3.listPartsPaginator(list -> list.bucket(settings.bucket()).key(upload.key()).uploadId(upload.uploadId())).parts()
                .stream().map(Part::lastModified).filter(Objects::nonNull).max(Instant::compareTo);
    }

    private void deleteBatch(List<ObjectIdentifier> keys, String action) {
        DeleteObjectsResponse response = s3.deleteObjects(delete -> delete.bucket(settings.bucket())
                .delete(batch -> batch.objects(keys).quiet(true)));
        if (response.hasErrors() && !response.errors().isEmpty()) {
            var first = response.errors().get(0);
            throw new StorageException(errors.describe(action) + " failed for " + response.errors().size() + " keys, first '"
                    + first.key() + "': " + first.code() + " " + first.message());
        }
    }

    @Override
    public URI url(String key, UrlOptions options) {
        StorageKeys.requireValidKey(key);
        return urls.download(key, options);
    }

    @Override
    public DirectUploadTarget directUpload(String key, DirectUploadRequest request) {
        StorageKeys.requireValidKey(key);
        return urls.directUpload(key, request);
    }

    /** Copies the object onto itself with the new metadata, inside S3; the bytes are not transferred. */
    @Override
    public void updateMetadata(String key, ObjectMetadata metadata) {
        StorageKeys.requireValidKey(key);
        ObjectAttributes attributes = ObjectAttributes.of(metadata, settings);
        HeadObjectResponse object = existingObject(key);
        String action = "metadata update of key '" + key + "'";
        if (object.contentLength() > S3Settings.MAX_SINGLE_REQUEST_SIZE) {
            copies.copy(List.of(new ServerSideCopy.Source(key, object.contentLength(), object.eTag())), key, attributes, true, action);
            return;
        }
        try {
            s3.copyObject(attributes.applyTo(CopyObjectRequest.builder()
                    .sourceBucket(settings.bucket()).sourceKey(key).copySourceIfMatch(object.eTag())
                    .destinationBucket(settings.bucket()).destinationKey(key)).build());
        } catch (SdkException e) {
            throw readFailed(action, key, e);
        }
    }

    /**
     * Joins the sources inside S3 when S3 allows it (every source but the last at least 5 MiB), and
     * otherwise streams them through the application as the interface's default does.
     */
    @Override
    public StoredObject compose(List<String> sourceKeys, String destinationKey, UploadOptions options) {
        if (sourceKeys.isEmpty()) {
            throw new IllegalArgumentException("compose needs at least one source key");
        }
        sourceKeys.forEach(StorageKeys::requireValidKey);
        StorageKeys.requireValidKey(destinationKey);
        ObjectAttributes attributes = ObjectAttributes.of(options.metadata(), settings);
        List<ServerSideCopy.Source> sources = new ArrayList<>();
        for (String key : sourceKeys) {
            HeadObjectResponse object = existingObject(key);
            sources.add(new ServerSideCopy.Source(key, object.contentLength(), object.eTag()));
        }
        if (!ServerSideCopy.canJoin(sources)) {
            return StorageService.super.compose(sourceKeys, destinationKey, options);
        }
        return copies.compose(sources, destinationKey, options, attributes);
    }

    @Override
    public ServiceCheck check() {
        return new S3Check(name, s3, settings, errors).run();
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }

    private HeadObjectResponse existingObject(String key) {
        try {
            return s3.headObject(head -> head.bucket(settings.bucket()).key(key));
        } catch (SdkException e) {
            throw readFailed("lookup of key '" + key + "'", key, e);
        }
    }

    private StorageException readFailed(String action, String key, SdkException e) {
        if (S3Errors.isMissingObject(e)) {
            return new ObjectNotFoundException(name, key);
        }
        return errors.failed(action, e);
    }
}

package dev.affix.storage;

import dev.affix.checksum.Checksum;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The base of a decorator (timing, tracing, an application's own): every operation, capabilities
 * included, goes to the wrapped service, so a subclass overrides only what it adds to and the
 * service keeps everything it can do (its local files, its replication, its own checks). A test
 * keeps this class forwarding every method of {@link StorageService}.
 */
public abstract class ForwardingStorageService implements StorageService {

    private final StorageService delegate;

    protected ForwardingStorageService(StorageService delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The service being decorated. */
    public StorageService delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String type() {
        return delegate.type();
    }

    @Override
    public boolean isPublic() {
        return delegate.isPublic();
    }

    @Override
    public Set<String> backingServices() {
        return delegate.backingServices();
    }

    @Override
    public StoredObject upload(String key, InputStream in, UploadOptions options) {
        return delegate.upload(key, in, options);
    }

    @Override
    public InputStream download(String key) {
        return delegate.download(key);
    }

    @Override
    public InputStream download(String key, ByteRange range) {
        return delegate.download(key, range);
    }

    @Override
    public long downloadTo(String key, Path target) {
        return delegate.downloadTo(key, target);
    }

    @Override
    public Optional<Path> localFile(String key) {
        return delegate.localFile(key);
    }

    @Override
    public Optional<StoredObject> link(String key, Path file, UploadOptions options) {
        return delegate.link(key, file, options);
    }

    @Override
    public Optional<ResumableUploads> resumableUploads() {
        return delegate.resumableUploads();
    }

    @Override
    public Optional<DirectMultipartUploads> directMultipartUploads() {
        return delegate.directMultipartUploads();
    }

    @Override
    public boolean replicates() {
        return delegate.replicates();
    }

    @Override
    public void replicate(String key, Checksum checksum, ObjectMetadata metadata) {
        delegate.replicate(key, checksum, metadata);
    }

    @Override
    public boolean exists(String key) {
        return delegate.exists(key);
    }

    @Override
    public Optional<ObjectSummary> head(String key) {
        return delegate.head(key);
    }

    @Override
    public Stream<ObjectSummary> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public void deletePrefixed(String prefix) {
        delegate.deletePrefixed(prefix);
    }

    @Override
    public URI url(String key, UrlOptions options) {
        return delegate.url(key, options);
    }

    @Override
    public DirectUploadTarget directUpload(String key, DirectUploadRequest request) {
        return delegate.directUpload(key, request);
    }

    @Override
    public void updateMetadata(String key, ObjectMetadata metadata) {
        delegate.updateMetadata(key, metadata);
    }

    @Override
    public StoredObject compose(List<String> sourceKeys, String destinationKey, UploadOptions options) {
        return delegate.compose(sourceKeys, destinationKey, options);
    }

    @Override
    public TempDownload downloadToTempFile(String key, Checksum expected) {
        return delegate.downloadToTempFile(key, expected);
    }

    @Override
    public ServiceCheck check() {
        return delegate.check();
    }

    @Override
    public int deleteAbandonedUploads(Duration idleFor) {
        return delegate.deleteAbandonedUploads(idleFor);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + delegate + ")";
    }
}

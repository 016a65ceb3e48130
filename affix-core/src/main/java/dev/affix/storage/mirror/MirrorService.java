package dev.affix.storage.mirror;

import dev.affix.checksum.Checksum;
import dev.affix.storage.ByteRange;
import dev.affix.storage.DirectMultipartUploads;
import dev.affix.storage.DirectUploadRequest;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ObjectSummary;
import dev.affix.storage.ResumableUploads;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageService;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UrlOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Keeps the same objects in a primary service and its mirrors: for backups, and for moving to a new
 * service (mirror into it, copy what exists with {@link #replicate}, then switch). Reads and URLs come
 * from the primary. Writes reach every service or none: if a mirror fails, what this write stored is
 * deleted again and the write fails, so the services never silently diverge. A write that is not
 * allowed to overwrite takes the key in every service; if any already holds an object there, it is
 * refused with {@link KeyExistsException}, and objects that were there before are never touched.
 */
public final class MirrorService implements StorageService {

    public static final String TYPE = "Mirror";

    private final String name;
    private final StorageService primary;
    private final List<StorageService> mirrors;

    public MirrorService(String name, StorageService primary, List<StorageService> mirrors) {
        if (mirrors.isEmpty()) {
            throw new IllegalArgumentException("Mirror service '" + name + "' needs at least one mirror");
        }
        this.name = name;
        this.primary = primary;
        this.mirrors = List.copyOf(mirrors);
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
        return primary.isPublic();
    }

    /** The services it writes to: its primary's and its mirrors'. */
    @Override
    public Set<String> backingServices() {
        Set<String> backing = new TreeSet<>(primary.backingServices());
        mirrors.forEach(mirror -> backing.addAll(mirror.backingServices()));
        return Collections.unmodifiableSet(backing);
    }

    public StorageService primary() {
        return primary;
    }

    public List<StorageService> mirrors() {
        return mirrors;
    }

    /** Streams into the primary, then copies the verified object to each mirror. */
    @Override
    public StoredObject upload(String key, InputStream in, UploadOptions options) {
        StoredObject stored = primary.upload(key, in, options);
        copyToMirrors(key, stored, options);
        return stored;
    }

    /**
     * Copies what this write just stored in the primary to every mirror. If a mirror fails, the
     * object is deleted from the primary and from the mirrors it already reached: this write stored
     * it there (it would have been refused otherwise), so nothing that was there before is lost.
     */
    private void copyToMirrors(String key, StoredObject stored, UploadOptions options) {
        List<StorageService> written = new ArrayList<>(List.of(primary));
        for (StorageService mirror : mirrors) {
            try {
                copy(key, stored.checksum(), mirror, options);
                written.add(mirror);
            } catch (RuntimeException e) {
                // a mirror that already holds the key refuses it in its own words, which name that mirror
                StorageException failure = e instanceof KeyExistsException taken ? taken
                        : new StorageException("Mirror service '" + name + "': mirror '" + mirror.name()
                                + "' failed to store key '" + key + "', so the write was undone everywhere: " + e.getMessage(), e);
                for (StorageService service : written) {
                    try {
                        service.delete(key);
                    } catch (RuntimeException cleanup) {
                        failure.addSuppressed(cleanup);
                    }
                }
                throw failure;
            }
        }
    }

    @Override
    public boolean replicates() {
        return true;
    }

    /**
     * Copies an object that already exists in the primary to every mirror that lacks it, with the
     * type, disposition and custom metadata it is served with. A mirror that holds the key already
     * keeps what it holds.
     */
    @Override
    public void replicate(String key, Checksum checksum, ObjectMetadata metadata) {
        for (StorageService mirror : mirrors) {
            if (!mirror.exists(key)) {
                try {
                    copy(key, checksum, mirror, UploadOptions.defaults().withMetadata(metadata));
                } catch (KeyExistsException copiedMeanwhile) {
                    // another replication of the same key got there first
                }
            }
        }
    }

    private void copy(String key, Checksum checksum, StorageService mirror, UploadOptions options) {
        try (InputStream in = primary.download(key)) {
            mirror.upload(key, in, options.withChecksum(checksum));
        } catch (IOException e) {
            throw new StorageException("Mirror service '" + name + "': could not read key '" + key + "' back from '"
                    + primary.name() + "'", e);
        }
    }

    @Override
    public InputStream download(String key) {
        return primary.download(key);
    }

    @Override
    public InputStream download(String key, ByteRange range) {
        return primary.download(key, range);
    }

    @Override
    public Optional<Path> localFile(String key) {
        return primary.localFile(key);
    }

    /**
     * The primary's: a resumable upload is assembled there and, like a direct upload, copied to the
     * mirrors by {@link #replicate} once it is attached.
     */
    @Override
    public Optional<ResumableUploads> resumableUploads() {
        return primary.resumableUploads();
    }

    /** The primary's: the parts go there, and the object is copied to the mirrors once attached. */
    @Override
    public Optional<DirectMultipartUploads> directMultipartUploads() {
        return primary.directMultipartUploads();
    }

    @Override
    public boolean exists(String key) {
        return primary.exists(key);
    }

    @Override
    public Optional<ObjectSummary> head(String key) {
        return primary.head(key);
    }

    @Override
    public Stream<ObjectSummary> list(String prefix) {
        return primary.list(prefix);
    }

    @Override
    public void delete(String key) {
        everywhere(service -> service.delete(key));
    }

    @Override
    public void deletePrefixed(String prefix) {
        everywhere(service -> service.deletePrefixed(prefix));
    }

    @Override
    public URI url(String key, UrlOptions options) {
        return primary.url(key, options);
    }

    /** Direct uploads land in the primary; {@link #replicate} copies them afterwards. */
    @Override
    public DirectUploadTarget directUpload(String key, DirectUploadRequest request) {
        return primary.directUpload(key, request);
    }

    @Override
    public void updateMetadata(String key, ObjectMetadata metadata) {
        everywhere(service -> service.updateMetadata(key, metadata));
    }

    /** Composes in the primary, then copies the result to the mirrors like any upload. */
    @Override
    public StoredObject compose(List<String> sourceKeys, String destinationKey, UploadOptions options) {
        StoredObject stored = primary.compose(sourceKeys, destinationKey, options);
        copyToMirrors(destinationKey, stored, options);
        return stored;
    }

    /** The abandoned uploads of the primary and of every mirror. */
    @Override
    public int deleteAbandonedUploads(Duration idleFor) {
        AtomicInteger removed = new AtomicInteger();
        everywhere(service -> removed.addAndGet(service.deleteAbandonedUploads(idleFor)));
        return removed.get();
    }

    /**
     * Runs the operation on every service, even after one fails, then rethrows the first failure
     * (its type intact, the others attached as suppressed) so that no service is silently skipped.
     */
    private void everywhere(Consumer<StorageService> operation) {
        RuntimeException failure = null;
        List<StorageService> all = new ArrayList<>(List.of(primary));
        all.addAll(mirrors);
        for (StorageService service : all) {
            try {
                operation.accept(service);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

package dev.affix.storage;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.DigestingInputStream;
import dev.affix.io.Streams;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where a blob's bytes live. Every service (Disk, Mirror, S3, GCS, Azure, or an application's own)
 * implements this contract and passes the same contract test suite, so the rest of Affix never
 * needs to know which one it talks to.
 *
 * <p>Promises every implementation keeps:
 * <ul>
 *   <li>Keys are validated with {@link StorageKeys} before anything is touched.</li>
 *   <li>An upload streams in constant memory, verifies an expected checksum and length while it
 *       writes, and on mismatch throws {@link IntegrityException} leaving nothing at the key (a
 *       previous object at the key stays as it was).</li>
 *   <li>An upload or compose never replaces an object unless its options ask to
 *       ({@link UploadOptions#overwriting()}): the key is taken atomically, and if it is already
 *       taken, {@link KeyExistsException} is raised and nothing is changed.</li>
 *   <li>Reading a missing key throws {@link ObjectNotFoundException}; it never yields an empty stream.</li>
 *   <li>Deleting is idempotent; deleting by prefix matches the prefix literally, never as a pattern.</li>
 * </ul>
 * All methods may throw {@link StorageException} when the service itself fails.
 */
public interface StorageService extends AutoCloseable {

    /** The name this service has in the configuration. */
    String name();

    /** The configuration's {@code service:} value for this kind of service, e.g. {@code Disk}. */
    String type();

    /** Whether the service's URLs are permanent and unsigned (a public bucket). */
    default boolean isPublic() {
        return false;
    }

    /** Stores the bytes of {@code in} at {@code key}, reading it to the end; does not close it. */
    StoredObject upload(String key, InputStream in, UploadOptions options);

    /** The whole object, streamed. The caller closes the stream. */
    InputStream download(String key);

    /** Part of the object, streamed; a range past the end is cut at the end. */
    InputStream download(String key, ByteRange range);

    /**
     * Writes the whole object into {@code target} (created or replaced) and returns its size. This
     * default streams it; services whose bytes are local files copy them in the kernel instead.
     */
    default long downloadTo(String key, Path target) {
        try (InputStream in = download(key); OutputStream out = Files.newOutputStream(target)) {
            return Streams.copy(in, out);
        } catch (IOException e) {
            throw new StorageException("could not write key '" + key + "' of service '" + name() + "' to " + target + ": " + e, e);
        }
    }

    /**
     * The file on this machine that holds the object, for servers that send files from the kernel
     * (sendfile); empty for services whose bytes are remote, and for a missing key. A capability
     * asked of the service, so decorators that forward it keep it.
     */
    default Optional<Path> localFile(String key) {
        return Optional.empty();
    }

    /**
     * Gives {@code key} the bytes of {@code file}, a file on this machine, without copying them: a
     * hard link, where the service keeps its objects as files on the same file system. The bytes are
     * read once for their checksum and verified against {@code options} as an upload's are; on a
     * mismatch nothing is left at the key. Refused like an upload when the key is taken. Empty when
     * the service cannot link the file (remote bytes, another file system, a file it may not link),
     * and the caller copies the bytes instead. The object and the file are then one: neither may be
     * changed in place.
     */
    default Optional<StoredObject> link(String key, Path file, UploadOptions options) {
        return Optional.empty();
    }

    /**
     * How the service receives an object in pieces over many requests (tus uploads); empty for a
     * service that cannot. A capability asked of the service, so decorators that forward it keep it.
     */
    default Optional<ResumableUploads> resumableUploads() {
        return Optional.empty();
    }

    /**
     * How clients send an object's parts straight to the service, on URLs it signs (S3's multipart
     * upload, for Uppy); empty for a service that cannot. A capability, like {@link #resumableUploads()}.
     */
    default Optional<DirectMultipartUploads> directMultipartUploads() {
        return Optional.empty();
    }

    /**
     * Whether objects that arrive by a direct upload land in one place only and must be copied on with
     * {@link #replicate} (a Mirror's mirrors); most services keep one copy and answer false.
     */
    default boolean replicates() {
        return false;
    }

    /**
     * Copies an object that exists where direct uploads land to every other place this service keeps
     * it, with the checksum verified and the given type, disposition and custom metadata. Does
     * nothing for a service that does not {@link #replicates() replicate}.
     */
    default void replicate(String key, Checksum checksum, ObjectMetadata metadata) {
    }

    /**
     * The names of the configured services whose storage holds this service's objects: its own name,
     * or, for a service that keeps its objects in others (a Mirror), theirs. Deleting a key here
     * deletes it there, so Affix keeps an object while a blob row of any service backed by one of
     * these points at its key ({@link StorageServices#sharingObjectsWith}).
     */
    default Set<String> backingServices() {
        return Set.of(name());
    }

    /** Whether an object exists at exactly this key (a longer key sharing the prefix does not count). */
    boolean exists(String key);

    /**
     * The key and size of the object at exactly this key, read from the service's records without
     * reading the bytes; empty if there is none.
     */
    Optional<ObjectSummary> head(String key);

    /**
     * Every object whose key starts with the literal {@code prefix} ({@code ""} for all), page by
     * page as the caller consumes them, in no promised order. The stream holds listing resources:
     * the caller closes it. A failure while listing surfaces as {@link StorageException} from the
     * stream's operations.
     */
    Stream<ObjectSummary> list(String prefix);

    /** Deletes the object at the key if there is one. */
    void delete(String key);

    /** Deletes every object whose key starts with the literal {@code prefix}. */
    void deletePrefixed(String prefix);

    /** A URL from which the object can be fetched: signed and expiring, or permanent for a public service. */
    URI url(String key, UrlOptions options);

    /** Where a browser may PUT exactly the declared bytes, and with which headers. */
    DirectUploadTarget directUpload(String key, DirectUploadRequest request);

    /** Replaces what the service records beside the object (type, filename, disposition, custom pairs). */
    void updateMetadata(String key, ObjectMetadata metadata);

    /**
     * Concatenates the source objects, in order, into a new object. This default streams the sources
     * through the application; services with a native compose operation override it.
     */
    default StoredObject compose(List<String> sourceKeys, String destinationKey, UploadOptions options) {
        if (sourceKeys.isEmpty()) {
            throw new IllegalArgumentException("compose needs at least one source key");
        }
        sourceKeys.forEach(StorageKeys::requireValidKey);
        StorageKeys.requireValidKey(destinationKey);
        for (String source : sourceKeys) {
            if (!exists(source)) {
                throw new ObjectNotFoundException(name(), source);
            }
        }
        List<InputStream> streams = new ArrayList<>();
        try {
            for (String source : sourceKeys) {
                streams.add(download(source));
            }
            try (InputStream joined = new SequenceInputStream(Collections.enumeration(streams))) {
                return upload(destinationKey, joined, options);
            }
        } catch (IOException e) {
            throw new StorageException("compose into '" + destinationKey + "' in service '" + name() + "' failed", e);
        } finally {
            streams.forEach(StorageService::closeQuietly);
        }
    }

    /**
     * Downloads the object into a private temporary file and verifies its checksum there, for tools
     * that need a file rather than a stream. The caller closes the result, which deletes the file.
     */
    default TempDownload downloadToTempFile(String key, Checksum expected) {
        Path file;
        try {
            file = Files.createTempFile("affix-", ".download",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new StorageException("could not create a temporary file for key '" + key + "'", e);
        }
        try (InputStream source = download(key);
             DigestingInputStream digesting = new DigestingInputStream(source, expected.algorithm());
             OutputStream out = Files.newOutputStream(file)) {
            Streams.copy(digesting, out);
            Checksum actual = digesting.checksum();
            if (!actual.equals(expected)) {
                throw new IntegrityException("object '" + key + "' in service '" + name() + "' has checksum " + actual
                        + " but " + expected + " was expected");
            }
            return new TempDownload(file, new StoredObject(key, digesting.byteCount(), actual));
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IOException io) {
                throw new StorageException("could not download '" + key + "' from service '" + name() + "'", io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Checks that the service is reachable and writable by storing, reading back and deleting a small
     * probe object. Services with a cheaper or more telling check override it.
     */
    default ServiceCheck check() {
        String key = "affix-check/" + StorageKeys.random();
        byte[] probe = ("affix service check " + key).getBytes(StandardCharsets.UTF_8);
        try {
            upload(key, new ByteArrayInputStream(probe), UploadOptions.defaults());
            try (InputStream in = download(key)) {
                if (!Arrays.equals(in.readAllBytes(), probe)) {
                    return ServiceCheck.failed(name(), type(), "probe object read back with different bytes");
                }
            }
            delete(key);
            return ServiceCheck.passed(name(), type(), "stored, read back and deleted a probe object");
        } catch (IOException e) {
            return ServiceCheck.failed(name(), type(), e.toString());
        } catch (RuntimeException e) {
            return ServiceCheck.failed(name(), type(), e.getMessage());
        }
    }

    /**
     * Removes what uploads that were cut off left behind (the partial files of a process that was
     * killed mid-upload), once untouched for {@code idleFor}, and returns how many it removed. A live
     * upload keeps writing, so it is never idle that long. Services that keep no such leftovers return 0;
     * a Mirror asks each of its services.
     */
    default int deleteAbandonedUploads(Duration idleFor) {
        return 0;
    }

    /** Releases what the service holds (an SDK's connection pool); the default holds nothing. */
    @Override
    default void close() {
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // a source that fails to close after compose has nothing left to tell us
        }
    }
}

package dev.affix.storage.disk;

import dev.affix.checksum.Checksum;
import dev.affix.config.ConfigurationException;
import dev.affix.config.HttpSettings;
import dev.affix.io.BackgroundChannelWriter;
import dev.affix.io.BoundedInputStream;
import dev.affix.io.Streams;
import dev.affix.storage.ByteRange;
import dev.affix.storage.DirectUploadRequest;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.InvalidKeyException;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.ObjectSummary;
import dev.affix.storage.RangeNotSatisfiableException;
import dev.affix.storage.ResumableUploads;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.StorageService;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UrlOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Stores objects as files under a root folder. In the default {@link DiskLayout#SHARDED} layout a key
 * lives where Rails' Disk service keeps it, {@code root/S1/S2/key} with S1 and S2 the key's first four
 * characters two by two ({@link ShardedPaths} has the exact rule), so that millions of random keys never
 * crowd one directory, a key prefix still maps to one shard folder, and a Rails application sharing the
 * root finds every file; a file that an older Affix put under its own rule is still found there. In the
 * {@link DiskLayout#FLAT} layout a key lives at {@code root/key}, so an
 * existing tree is served in place; there a key may have no segment starting with a dot, which keeps
 * {@code .tmp} (and a legacy tree's hidden files) out of reach.
 *
 * <p>Writes go to a temporary file under {@code root/.tmp} and get their key only once the checksum
 * and length match, so a failed or interrupted upload never leaves a partial object. A new object
 * takes its key with a hard link, which the file system refuses atomically when the key is taken, so
 * an upload never replaces an object unless asked to (then with an atomic rename). Every path is
 * checked to stay under the root, through symbolic links too. Folders and files get their modes, and
 * optionally a group, explicitly ({@link DiskAccess}). The service keeps no metadata of its own: the
 * type, filename and disposition an object is served with travel in the signed URL.
 */
public final class DiskService implements StorageService {

    public static final String TYPE = "Disk";
    private static final int MAX_SEGMENT_BYTES = 255;
    private static final int COPY_BUFFER = 1024 * 1024;
    private static final int WRITE_BUFFERS = 3;
    private static final int FIRST_BUFFER = 64 * 1024;

    private final String name;
    private final Path root;
    private final Path realRoot;
    private final Path tmp;
    private final boolean isPublic;
    private final boolean sync;
    private final DiskTokens tokens;
    private final HttpSettings http;
    private final DiskAccess access;
    private final DiskLayout layout;
    private final RealFolders realFolders;

    /** A service whose files belong to the process's own group. */
    public DiskService(String name, Path root, boolean isPublic, boolean sync, DiskTokens tokens, HttpSettings http) {
        this(name, root, isPublic, sync, null, DiskLayout.SHARDED, tokens, http);
    }

    /** A sharded service whose files belong to {@code group} (null: the process's own group). */
    public DiskService(String name, Path root, boolean isPublic, boolean sync, String group, DiskTokens tokens,
            HttpSettings http) {
        this(name, root, isPublic, sync, group, DiskLayout.SHARDED, tokens, http);
    }

    /**
     * @param sync  whether to force each object to the device before it becomes visible, so that a
     *              crash right after an attachment is committed cannot lose its bytes
     * @param group the group that owns every file and folder the service creates and may read them
     *              (e.g. a Rails process's on the same host), or null for the process's own group
     * @param layout where a key's file lies below the root
     * @throws dev.affix.config.ConfigurationException if the group does not exist or this process
     *              may not give files to it
     */
    public DiskService(String name, Path root, boolean isPublic, boolean sync, String group, DiskLayout layout,
            DiskTokens tokens, HttpSettings http) {
        this(name, root, isPublic, sync, group, DiskModes.DEFAULT, layout, tokens, http);
    }

    /** @param modes the modes of the folders and files the service creates */
    public DiskService(String name, Path root, boolean isPublic, boolean sync, String group, DiskModes modes, DiskLayout layout,
            DiskTokens tokens, HttpSettings http) {
        this.name = name;
        this.layout = Objects.requireNonNull(layout, "layout");
        this.root = root.toAbsolutePath().normalize();
        this.isPublic = isPublic;
        this.sync = sync;
        this.tokens = tokens;
        this.http = http;
        this.access = DiskAccess.forGroup(name, group, modes);
        try {
            createFolders(this.root);
            this.realRoot = this.root.toRealPath();
            this.tmp = this.realRoot.resolve(".tmp");
            this.realFolders = new RealFolders(realRoot, tmp);
            createFolders(tmp);
        } catch (IOException e) {
            throw new StorageException("Disk service '" + name + "': root " + this.root + " is not a usable directory: " + e, e);
        }
        if (!Files.isWritable(tmp)) {
            throw new StorageException("Disk service '" + name + "': root " + this.root + " is not writable");
        }
        claimTemporaryFolder();
    }

    /** Sets the modes (and group) of {@code .tmp} even if an older version made it, and proves the group can be given. */
    private void claimTemporaryFolder() {
        try {
            access.folder(tmp);
        } catch (IOException e) {
            if (access.group() != null) {
                throw new ConfigurationException("Disk service '" + name + "': this process may not give files to group '"
                        + access.group().getName() + "' (it must be a member of it, or run as root): " + e, e);
            }
            throw new StorageException("Disk service '" + name + "': could not set the mode of " + tmp + ": " + e, e);
        }
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

    public Path root() {
        return root;
    }

    public DiskLayout layout() {
        return layout;
    }

    @Override
    public StoredObject upload(String key, InputStream in, UploadOptions options) {
        Path target = pathFor(key);
        requireInsideRoot(key, target);
        Path part = null;
        try {
            part = Files.createTempFile(tmp, "upload-", ".part", DiskAccess.FILE_ATTRIBUTE);
            access.file(part);
            StoredObject stored = writeVerified(key, in, part, options);
            placeAtKey(key, part, target, options.overwrite());
            return stored;
        } catch (IOException e) {
            throw new StorageException("Disk service '" + name + "': could not store key '" + key + "': " + e, e);
        } finally {
            deleteQuietly(part);
        }
    }

    /**
     * Links the file at the key and reads it for its checksum. Declined (empty) where the file system
     * refuses the link (another device, a file this process may not link), and where the service
     * gives its files a group: a link shares the file's owner and mode with its other name, which the
     * service must not change.
     */
    @Override
    public Optional<StoredObject> link(String key, Path file, UploadOptions options) {
        Path target = pathFor(key);
        requireInsideRoot(key, target);
        if (access.group() != null) {
            return Optional.empty();
        }
        try {
            placeAtKey(key, file, target, false);
        } catch (NoSuchFileException e) {
            throw new StorageException("Disk service '" + name + "': file " + file + " to link at key '" + key + "' does not exist", e);
        } catch (FileSystemException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("Disk service '" + name + "': could not link key '" + key + "': " + e, e);
        }
        try {
            StoredObject stored = readVerified(key, target, options);
            return Optional.of(stored);
        } catch (RuntimeException e) {
            try {
                delete(key);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private StoredObject readVerified(String key, Path file, UploadOptions options) {
        MessageDigest digest = options.algorithm().newDigest();
        long count = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[COPY_BUFFER];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                count += n;
            }
        } catch (IOException e) {
            throw new StorageException("Disk service '" + name + "': could not read key '" + key + "': " + e, e);
        }
        StoredObject stored = new StoredObject(key, count, Checksum.of(options.algorithm(), digest.digest()));
        verify(stored, options);
        return stored;
    }

    private StoredObject writeVerified(String key, InputStream in, Path part, UploadOptions options) throws IOException {
        MessageDigest digest = options.algorithm().newDigest();
        long limit = options.byteSizeIfExpected().orElse(Long.MAX_VALUE);
        long count = 0;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
            // most attachments are small: a small first buffer, and the two-thread pipeline only past it
            byte[] first = new byte[FIRST_BUFFER];
            int n = Streams.readFully(in, first);
            count = n;
            requireWithin(key, count, limit, options);
            digest.update(first, 0, n);
            writeAll(out, first, n);
            if (n == first.length) {
                // large object: digest on this thread while the previous buffer is written on another
                try (BackgroundChannelWriter writer = new BackgroundChannelWriter(out, WRITE_BUFFERS, COPY_BUFFER, "affix-disk-write")) {
                    byte[] buffer = writer.buffer();
                    n = Streams.readFully(in, buffer);
                    while (n > 0) {
                        count += n;
                        requireWithin(key, count, limit, options);
                        digest.update(buffer, 0, n);
                        writer.write(buffer, n);
                        buffer = writer.buffer();
                        n = Streams.readFully(in, buffer);
                    }
                    writer.recycle(buffer);
                    writer.finish();
                }
            }
            if (sync) {
                out.force(true);
            }
        }
        StoredObject stored = new StoredObject(key, count, Checksum.of(options.algorithm(), digest.digest()));
        verify(stored, options);
        return stored;
    }

    private void requireWithin(String key, long count, long limit, UploadOptions options) {
        if (count > limit) {
            throw new IntegrityException("upload to key '" + key + "' in service '" + name + "' is longer than the "
                    + options.expectedByteSize() + " bytes declared; nothing was stored");
        }
    }

    private static void writeAll(FileChannel out, byte[] buffer, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, length);
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    private void verify(StoredObject stored, UploadOptions options) {
        if (options.expectedByteSize() != null && stored.byteSize() != options.expectedByteSize()) {
            throw new IntegrityException("upload to key '" + stored.key() + "' in service '" + name + "' has "
                    + stored.byteSize() + " bytes, not the " + options.expectedByteSize() + " declared; nothing was stored");
        }
        Checksum expected = options.expectedChecksum();
        if (expected != null && !expected.equals(stored.checksum())) {
            throw new IntegrityException("upload to key '" + stored.key() + "' in service '" + name + "' has checksum "
                    + stored.checksum() + ", not the " + expected + " declared; nothing was stored");
        }
    }

    /**
     * Gives the verified file its key: a hard link, which fails atomically if the key is taken (the
     * temporary name is deleted afterwards by the caller), or with {@code overwrite} an atomic rename
     * over whatever is there.
     */
    private void placeAtKey(String key, Path part, Path target, boolean overwrite) throws IOException {
        Optional<Path> legacy = legacyFile(key);
        if (legacy.isPresent() && !overwrite) {
            throw new KeyExistsException(name, key);
        }
        // A concurrent delete may prune the freshly made parent folder before the link: retry a few times.
        for (int attempt = 1; ; attempt++) {
            try {
                createFolders(target.getParent());
            } catch (FileAlreadyExistsException | NotDirectoryException e) {
                throw new StorageException("Disk service '" + name + "': key '" + key
                        + "' cannot be stored because a shorter key is stored where its folder would be", e);
            }
            requireInsideRoot(key, target);
            try {
                if (overwrite) {
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.createLink(target, part);
                }
                if (sync) {
                    syncDirectory(target.getParent());
                }
                if (legacy.isPresent()) {
                    // replaced: the file at the old place would otherwise come back when this one is deleted
                    Files.deleteIfExists(legacy.get());
                    pruneEmptyFolders(legacy.get().getParent());
                }
                return;
            } catch (FileAlreadyExistsException e) {
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw longerKeysBelow(key, e);
                }
                throw new KeyExistsException(name, key, e);
            } catch (NoSuchFileException e) {
                if (attempt == 3) {
                    throw e;
                }
            } catch (FileSystemException e) {
                // a rename over a folder fails with "Is a directory" or "Directory not empty"
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw longerKeysBelow(key, e);
                }
                throw e;
            }
        }
    }

    private StorageException longerKeysBelow(String key, IOException e) {
        return new StorageException("Disk service '" + name + "': key '" + key
                + "' cannot be stored because longer keys are stored below it", e);
    }

    /**
     * Creates the folder and any missing parents, each with its mode and group set explicitly
     * ({@link DiskAccess}); a folder that a concurrent upload creates meanwhile is fine.
     */
    private void createFolders(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Path parent = folder.getParent();
        if (parent != null) {
            createFolders(parent);
        }
        try {
            Files.createDirectory(folder, DiskAccess.FOLDER_ATTRIBUTE);
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(folder)) {
                return;
            }
            throw e;
        }
        access.folder(folder);
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public InputStream download(String key) {
        Path file = existingFile(key);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(name, key);
        } catch (IOException e) {
            throw new StorageException("Disk service '" + name + "': could not read key '" + key + "': " + e, e);
        }
    }

    @Override
    public InputStream download(String key, ByteRange range) {
        Path file = existingFile(key);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            long size = channel.size();
            if (!range.isSatisfiableFor(size)) {
                throw new RangeNotSatisfiableException(name, key, range, size);
            }
            channel.position(range.first());
            return new BoundedInputStream(Channels.newInputStream(channel), range.lengthWithin(size));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(name, key);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StorageException("Disk service '" + name + "': could not read key '" + key + "': " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Copies the file in the kernel (sendfile), without passing the bytes through the JVM. */
    @Override
    public long downloadTo(String key, Path target) {
        Path file = existingFile(key);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            long size = in.size();
            for (long position = 0; position < size; ) {
                position += in.transferTo(position, size - position, out);
            }
            return size;
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(name, key);
        } catch (IOException e) {
            throw new StorageException("Disk service '" + name + "': could not copy key '" + key + "' to " + target + ": " + e, e);
        }
    }

    @Override
    public boolean exists(String key) {
        Path file = pathFor(key);
        return Files.isRegularFile(file) && isInsideRoot(file) || legacyFile(key).isPresent();
    }

    /** The file that holds the object, checked to lie under the root; empty if there is no object at the key. */
    @Override
    public Optional<Path> localFile(String key) {
        try {
            return Optional.of(existingFile(key));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<ObjectSummary> head(String key) {
        Path file;
        try {
            file = existingFile(key);
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ObjectSummary(key, Files.size(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("Disk service '" + name + "': could not read key '" + key + "': " + e, e);
        }
    }

    /**
     * Walks only the folders that can hold the prefix, one folder at a time; a legacy tree's hidden files
     * and links are no objects and are not listed.
     */
    @Override
    public Stream<ObjectSummary> list(String prefix) {
        StorageKeys.requireValidListPrefix(prefix);
        return matchingFiles(prefix).map(found -> new ObjectSummary(found.key(), found.file().byteSize()));
    }

    @Override
    public void delete(String key) {
        Path file = pathFor(key);
        requireInsideRoot(key, file);
        try {
            deleteFile(file);
            Optional<Path> legacy = legacyFile(key);
            if (legacy.isPresent()) {
                deleteFile(legacy.get());
            }
        } catch (IOException e) {
            throw new StorageException("Disk service '" + name + "': could not delete key '" + key + "': " + e, e);
        }
    }

    private void deleteFile(Path file) throws IOException {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(file)) {
            Files.deleteIfExists(file);
            pruneEmptyFolders(file.getParent());
        }
    }

    @Override
    public void deletePrefixed(String prefix) {
        StorageKeys.requireValidPrefix(prefix);
        List<Path> matches;
        try (Stream<KeyedFile> files = matchingFiles(prefix)) {
            matches = files.map(found -> found.file().path()).toList();
        }
        try {
            for (Path match : matches) {
                Files.deleteIfExists(match);
                pruneEmptyFolders(match.getParent());
            }
        } catch (IOException e) {
            throw new StorageException("Disk service '" + name + "': could not delete prefix '" + prefix + "': " + e, e);
        }
    }

    private record KeyedFile(String key, RegularFiles.Found file) {
    }

    /**
     * The files of the objects whose keys start with the prefix, each key once, found lazily one folder
     * at a time; the caller closes the stream. Sharded roots are read under Rails' rule and then under
     * the rule of older Affix versions, whose files are still served until they are replaced.
     */
    private Stream<KeyedFile> matchingFiles(String prefix) {
        requireNoHiddenSegment("prefix", prefix);
        if (layout == DiskLayout.FLAT) {
            return below(realRoot, prefix, key -> Optional.of(key).filter(this::isKeyInLayout));
        }
        Stream<KeyedFile> current;
        if (ShardedPaths.fixesFolder(prefix)) {
            current = ShardedPaths.folderOf(prefix).map(folder -> {
                Path base = folder.isEmpty() ? realRoot : realRoot.resolve(folder);
                String baseFromRoot = folder.isEmpty() ? "" : folder + "/";
                return below(base, prefix, path -> ShardedPaths.keyAt(baseFromRoot + path));
            }).orElseGet(Stream::empty);
        } else {
            current = shortPrefix(prefix);
        }
        if (ShardedPaths.sameUnderBothRules(prefix)) {
            return current;
        }
        List<Path> legacyShards;
        try {
            legacyShards = legacyShardsFor(prefix);
        } catch (IOException e) {
            throw new StorageException("Disk service '" + name + "': could not list prefix '" + prefix + "': " + e, e);
        }
        Stream<KeyedFile> legacy = legacyShards.stream().flatMap(shard -> {
            String shardFromRoot = keyOf(realRoot, shard) + "/";
            return below(shard, prefix, path -> ShardedPaths.legacyKeyAt(shardFromRoot + path));
        }).filter(found -> !Files.exists(realRoot.resolve(ShardedPaths.of(found.key())), LinkOption.NOFOLLOW_LINKS));
        return Stream.concat(current, legacy);
    }

    /**
     * The files below {@code base} whose path from it starts with the prefix and which hold the key
     * {@code keyOfPath} finds for that path: only the entries whose names start with the prefix's last
     * segment are walked, since a base can hold many keys.
     */
    private Stream<KeyedFile> below(Path base, String prefix, Function<String, Optional<String>> keyOfPath) {
        int slash = prefix.lastIndexOf('/');
        String folder = slash < 0 ? "" : prefix.substring(0, slash + 1);
        String partialSegment = prefix.substring(slash + 1);
        Path start = folder.isEmpty() ? base : base.resolve(folder);
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS) || !isInsideRoot(start)) {
            return Stream.empty();
        }
        return entriesOf(start, partialSegment)
                .flatMap(RegularFiles::below)
                .flatMap(found -> keyOfPath.apply(keyOf(base, found.path())).filter(key -> key.startsWith(prefix))
                        .map(key -> new KeyedFile(key, found)).stream());
    }

    /**
     * The files of keys starting with a prefix shorter than the four characters that name a shard:
     * below each top-level folder that can begin such a key's path. That folder's name is always a
     * beginning of the key (its first two characters, its first segment, or the whole key when it has
     * no shard), so it and the prefix must agree as far as both go.
     */
    private Stream<KeyedFile> shortPrefix(String prefix) {
        return entriesOf(realRoot, "")
                .filter(top -> top.getFileName().toString().startsWith(prefix) || prefix.startsWith(top.getFileName().toString()))
                .flatMap(RegularFiles::below)
                .flatMap(found -> ShardedPaths.keyAt(keyOf(realRoot, found.path())).filter(key -> key.startsWith(prefix))
                        .map(key -> new KeyedFile(key, found)).stream());
    }

    /** The entries of a folder whose names start with {@code namePrefix}, never {@code .tmp}; the caller's stream closes it. */
    private Stream<Path> entriesOf(Path folder, String namePrefix) {
        try {
            Stream<Path> entries = Files.list(folder);
            return entries.filter(p -> p.getFileName().toString().startsWith(namePrefix) && !p.equals(tmp));
        } catch (NoSuchFileException e) {
            return Stream.empty();
        } catch (IOException e) {
            throw new StorageException("Disk service '" + name + "': could not list " + folder + ": " + e, e);
        }
    }

    @Override
    public URI url(String key, UrlOptions options) {
        StorageKeys.requireValidKey(key);
        String filename = options.filenameIfKnown().orElse(key.substring(key.lastIndexOf('/') + 1));
        var grant = new DiskTokens.DownloadGrant(name, key, filename, options.disposition(), options.contentType());
        String token = tokens.download(grant, isPublic ? null : options.expiresIn());
        return http.endpoint("/disk/" + token + "/" + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    @Override
    public DirectUploadTarget directUpload(String key, DirectUploadRequest request) {
        requireInsideRoot(key, pathFor(key));
        var grant = new DiskTokens.UploadGrant(name, key, request.contentType(), request.byteSize(), request.checksum());
        String token = tokens.upload(grant, request.expiresIn());
        return new DirectUploadTarget(http.endpoint("/disk/" + token), Map.of("Content-Type", request.contentType()));
    }

    /** Each upload appends to a file under {@code .tmp/resumable}, which takes its key like any upload once complete. */
    @Override
    public Optional<ResumableUploads> resumableUploads() {
        return Optional.of(new DiskResumableUploads(name, tmp.resolve("resumable"), sync, access, (key, file) -> {
            Path target = pathFor(key);
            requireInsideRoot(key, target);
            placeAtKey(key, file, target, false);
        }));
    }

    /** Disk keeps no metadata beside the bytes; this only confirms that the object exists. */
    @Override
    public void updateMetadata(String key, ObjectMetadata metadata) {
        existingFile(key);
    }

    /**
     * Deletes the files under {@code root/.tmp} not modified for {@code idleFor}: the partial files of
     * uploads whose process was killed. An upload in progress keeps writing its file, so it stays fresh.
     */
    @Override
    public int deleteAbandonedUploads(Duration idleFor) {
        FileTime cutoff = FileTime.from(Instant.now().minus(idleFor));
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
            for (Path file : files) {
                if (isIdleFile(file, cutoff) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new StorageException("Disk service '" + name + "': could not remove abandoned uploads from " + tmp + ": " + e, e);
        }
        return removed;
    }

    private static boolean isIdleFile(Path file, FileTime cutoff) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() && attributes.lastModifiedTime().compareTo(cutoff) < 0;
        } catch (NoSuchFileException e) {
            // its upload finished meanwhile
            return false;
        }
    }

    Path pathFor(String key) {
        StorageKeys.requireValidKey(key);
        for (String segment : key.split("/")) {
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw new InvalidKeyException("key '" + key + "' has a segment longer than " + MAX_SEGMENT_BYTES
                        + " bytes, which the Disk service cannot store");
            }
        }
        requireNoHiddenSegment("key", key);
        return realRoot.resolve(layout == DiskLayout.FLAT ? key : ShardedPaths.of(key));
    }

    /** The file an older Affix wrote for the key under its own sharding rule, if there is one (and it lies inside the root). */
    private Optional<Path> legacyFile(String key) {
        if (layout == DiskLayout.FLAT) {
            return Optional.empty();
        }
        return ShardedPaths.legacy(key).map(realRoot::resolve).filter(file -> Files.isRegularFile(file) && isInsideRoot(file));
    }

    /** In the flat layout, where keys are paths below the root, {@code .tmp} and hidden files are no keys. */
    private void requireNoHiddenSegment(String what, String value) {
        if (!isKeyInLayout(value)) {
            throw new InvalidKeyException(what + " '" + value + "' has a segment starting with '.', which the flat layout of"
                    + " Disk service '" + name + "' keeps for itself ('.tmp') and never serves");
        }
    }

    private boolean isKeyInLayout(String key) {
        return layout != DiskLayout.FLAT || !(key.startsWith(".") || key.contains("/."));
    }

    /** The legacy rule's shard folders that can hold keys starting with the prefix: one when the prefix fixes all four characters. */
    private List<Path> legacyShardsFor(String prefix) throws IOException {
        String known = legacyShard(prefix).substring(0, Math.min(4, prefix.length()));
        List<Path> shards = new ArrayList<>();
        try (Stream<Path> firsts = Files.list(realRoot)) {
            for (Path first : firsts.filter(p -> matchesShard(p, known, 0)).toList()) {
                try (Stream<Path> seconds = Files.list(first)) {
                    seconds.filter(p -> matchesShard(p, known, 2)).forEach(shards::add);
                }
            }
        }
        return shards;
    }

    /** The legacy rule's four shard characters of a text: ASCII letters and digits kept, anything else (or nothing) '_'. */
    private static String legacyShard(String text) {
        StringBuilder shard = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            char c = i < text.length() ? text.charAt(i) : '_';
            shard.append(c < 128 && Character.isLetterOrDigit(c) ? c : '_');
        }
        return shard.toString();
    }

    private static boolean matchesShard(Path folder, String known, int offset) {
        String part = folder.getFileName().toString();
        if (part.length() != 2 || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        for (int i = 0; i < 2; i++) {
            if (offset + i < known.length() && part.charAt(i) != known.charAt(offset + i)) {
                return false;
            }
        }
        return true;
    }

    private static String keyOf(Path base, Path file) {
        return base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /**
     * The file of an existing object, checked to lie under the root. Serving reads many small files, so
     * the common case costs one {@code lstat}: a regular file (not a link) in a folder already seen to be
     * real. A link, as legacy trees have, takes the full check of where it leads.
     */
    private Path existingFile(String key) {
        Path file = pathFor(key);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return legacyFile(key).orElseThrow(() -> new ObjectNotFoundException(name, key));
        } catch (IOException e) {
            throw new StorageException("Disk service '" + name + "': could not read key '" + key + "': " + e, e);
        }
        if (attributes.isRegularFile() && realFolders.isReal(file.getParent())) {
            return file;
        }
        if (!Files.isRegularFile(file)) {
            return legacyFile(key).orElseThrow(() -> new ObjectNotFoundException(name, key));
        }
        requireInsideRoot(key, file);
        return file;
    }

    private void requireInsideRoot(String key, Path path) {
        if (!isInsideRoot(path)) {
            throw new InvalidKeyException("key '" + key + "' resolves outside the root of Disk service '" + name
                    + "' or into its .tmp folder (through a symbolic link)");
        }
    }

    /**
     * Whether the nearest existing ancestor of the path (or the path itself) really lies under the
     * root, and not in {@code .tmp}, where a symbolic link of a flat tree could otherwise lead.
     */
    private boolean isInsideRoot(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return false;
        }
        try {
            Path real = existing.toRealPath();
            return real.startsWith(realRoot) && !real.startsWith(tmp);
        } catch (IOException e) {
            return false;
        }
    }

    private void pruneEmptyFolders(Path folder) {
        Path current = folder;
        while (current != null && current.startsWith(realRoot) && !current.equals(realRoot)) {
            try {
                Files.delete(current);
            } catch (IOException e) {
                return;
            }
            current = current.getParent();
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a leftover under .tmp is harmless and never visible as an object
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was read from it
            }
        }
    }
}

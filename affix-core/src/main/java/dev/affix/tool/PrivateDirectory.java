package dev.affix.tool;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory with a generated name that only this user can enter (rwx------), deleted with
 * everything in it when closed: where a tool runs and writes its files, out of other users' reach.
 */
public final class PrivateDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateDirectory.class);

    private final Path path;

    private PrivateDirectory(Path path) {
        this.path = path;
    }

    /** A new directory under {@code java.io.tmpdir}, its name starting with {@code prefix}. */
    public static PrivateDirectory create(String prefix) throws IOException {
        Path path = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : Files.createTempDirectory(prefix);
        return new PrivateDirectory(path);
    }

    public Path path() {
        return path;
    }

    /** Deletes the directory; links a tool left in it are removed, never followed. */
    @Override
    public void close() {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(path)) {
            entries = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            LOG.warn("Could not list the tool directory {} to delete it: {}", path, e.toString());
            return;
        }
        for (Path entry : entries) {
            try {
                Files.deleteIfExists(entry);
            } catch (IOException e) {
                // the run's result stands; what is left is private to this user and named as ours
                LOG.warn("Could not delete {} from a tool directory: {}", entry, e.toString());
            }
        }
    }
}

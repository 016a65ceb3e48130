package dev.affix.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.Affix;
import dev.affix.blob.Blob;
import dev.affix.blob.ByteJanitor;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.DigestingInputStream;
import dev.affix.storage.StorageService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;

/** What every fault test does once the fault is over: clean up as an operator would, then check what must hold. */
final class AfterFault {

    private AfterFault() {
    }

    /**
     * {@code affix cleanup --unattached-older-than 0s --abandoned-uploads-older-than 0s}, through the
     * calls the command makes: purge every unattached blob, delete every recorded object (uploads in
     * flight when the fault struck included), remove every temporary upload file.
     */
    static void cleanup(Affix affix) {
        Instant now = Instant.now();
        for (List<Blob> page = affix.blobs().unattached(now, 500); !page.isEmpty(); page = affix.blobs().unattached(now, 500)) {
            page.forEach(affix.blobs()::purge);
        }
        ByteJanitor.Drained drained = affix.blobs().deletePendingObjects(now);
        assertThat(drained.failed()).as("recorded deletions that failed").isZero();
        for (StorageService service : affix.services().all()) {
            service.deleteAbandonedUploads(Duration.ZERO);
        }
    }

    /**
     * After a cleanup: every attachment has its blob, every blob's bytes are there and match its
     * checksum, every stored object belongs to a blob, and nothing waits to be deleted.
     */
    static void assertConsistent(Affix affix, DataSource dataSource, String prefix, Set<String> storedKeys) {
        assertThat(PostgreSql.count(dataSource, "SELECT COUNT(*) FROM " + prefix + "attachments a LEFT JOIN " + prefix
                + "blobs b ON a.blob_id = b.id WHERE b.id IS NULL")).as("attachments without a blob").isZero();
        List<Blob> blobs = new ArrayList<>();
        for (List<Blob> page = affix.blobs().page(null, 0, 500); !page.isEmpty();
                page = affix.blobs().page(null, page.get(page.size() - 1).id(), 500)) {
            blobs.addAll(page);
        }
        for (Blob blob : blobs) {
            assertThat(checksumOfStoredBytes(affix, blob)).as("bytes of blob %d (%s)", blob.id(), blob.filename())
                    .isEqualTo(blob.checksum());
        }
        assertThat(new TreeSet<>(storedKeys)).as("stored objects, each with its blob row")
                .isEqualTo(blobs.stream().map(Blob::key).collect(Collectors.toCollection(TreeSet::new)));
        assertThat(affix.blobs().unattached(Instant.now().plusSeconds(1), 10)).as("unattached blobs").isEmpty();
        assertThat(PostgreSql.count(dataSource, "SELECT COUNT(*) FROM " + prefix + "pending_deletions")).as("pending deletions").isZero();
    }

    private static Checksum checksumOfStoredBytes(Affix affix, Blob blob) {
        try (InputStream in = affix.blobs().download(blob);
             DigestingInputStream digesting = new DigestingInputStream(in, blob.checksum().algorithm())) {
            digesting.transferTo(OutputStream.nullOutputStream());
            return digesting.checksum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The keys of the objects under a Disk root: files below the two shard levels, the temporary folder left out. */
    static Set<String> diskKeys(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(root::relativize)
                    .filter(p -> !p.startsWith(".tmp"))
                    .map(p -> p.subpath(2, p.getNameCount()).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files under a Disk root's temporary folder. */
    static List<Path> temporaryFiles(Path root) {
        try (Stream<Path> files = Files.list(root.resolve(".tmp"))) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

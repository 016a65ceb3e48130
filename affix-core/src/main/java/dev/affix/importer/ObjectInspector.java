package dev.affix.importer;

import dev.affix.blob.BlobMetadata;
import dev.affix.blob.BlobRepository;
import dev.affix.blob.ContentTypeIdentifier;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.checksum.DigestingInputStream;
import dev.affix.storage.ByteRange;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.InvalidKeyException;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.ObjectSummary;
import dev.affix.storage.StorageService;
import dev.affix.storage.StorageServices;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Learns from the storage services what the rows do not say, with at most {@code concurrency}
 * requests at a time: whether each object exists and its size ({@code head}), and, where the row has
 * no usable fingerprint, its checksum (the bytes streamed through MD5, and identified from their
 * first bytes on the way). When copying, it copies each object to its new key, verified: a hard link
 * where the target service can make one from the source's local file, else a streamed copy. In a dry
 * run it asks only for sizes, and reads and writes no bytes.
 */
final class ObjectInspector implements AutoCloseable {

    /** What the rows of a batch came to: rows ready to write, and rows left out. */
    record Inspection(List<ImportRow> ready, List<ImportProblem> problems) {
    }

    /** One row's outcome: ready, or left out. */
    private record Outcome(ImportRow ready, ImportProblem problem) {
        static Outcome of(ImportRow row) {
            return new Outcome(row, null);
        }

        static Outcome of(ImportProblem problem) {
            return new Outcome(null, problem);
        }
    }

    private final StorageServices services;
    private final ContentTypeIdentifier identifier;
    private final boolean dryRun;
    private final ExecutorService pool;

    ObjectInspector(StorageServices services, ContentTypeIdentifier identifier, int concurrency, boolean dryRun) {
        this.services = services;
        this.identifier = identifier;
        this.dryRun = dryRun;
        this.pool = Executors.newFixedThreadPool(concurrency, daemonThreads());
    }

    Inspection inspect(List<PlannedRow> rows) throws InterruptedException {
        List<Future<Outcome>> results = new ArrayList<>(rows.size());
        for (PlannedRow row : rows) {
            results.add(pool.submit(() -> inspect(row)));
        }
        List<ImportRow> ready = new ArrayList<>();
        List<ImportProblem> problems = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Outcome outcome;
            try {
                outcome = results.get(i).get();
            } catch (ExecutionException e) {
                outcome = Outcome.of(rows.get(i).problem(ImportProblem.Kind.FAILED, String.valueOf(e.getCause())));
            } catch (InterruptedException e) {
                results.forEach(pending -> pending.cancel(true));
                throw e;
            }
            if (outcome.ready() != null) {
                ready.add(outcome.ready());
            } else {
                problems.add(outcome.problem());
            }
        }
        return new Inspection(ready, problems);
    }

    private Outcome inspect(PlannedRow row) {
        try {
            StorageService source = services.get(row.sourceService());
            Optional<ObjectSummary> head = source.head(row.sourceKey());
            if (head.isEmpty()) {
                return Outcome.of(row.problem(ImportProblem.Kind.MISSING_OBJECT, "no object at key '" + row.sourceKey()
                        + "' in service '" + source.name() + "'"));
            }
            long size = head.get().byteSize();
            return Outcome.of(row.adopted() ? adopt(row, source, size) : copy(row, source, size));
        } catch (InvalidKeyException e) {
            return Outcome.of(row.problem(ImportProblem.Kind.INVALID_ROW, e.getMessage()));
        } catch (ObjectNotFoundException e) {
            return Outcome.of(row.problem(ImportProblem.Kind.MISSING_OBJECT, e.getMessage()));
        } catch (IntegrityException e) {
            return Outcome.of(row.problem(ImportProblem.Kind.FAILED, e.getMessage()));
        } catch (RuntimeException e) {
            return Outcome.of(row.problem(ImportProblem.Kind.FAILED, e.toString()));
        }
    }

    /**
     * The object where it is. A fingerprint is trusted when the row's size matches the object's; else
     * the bytes are read for their checksum, and identified as they pass.
     */
    private ImportRow adopt(PlannedRow row, StorageService service, long size) {
        boolean sizeFetched = row.declaredSize() == null;
        boolean stale = !sizeFetched && row.declaredSize() != size;
        Checksum checksum = stale ? null : row.fingerprint();
        if (checksum != null || dryRun) {
            return ready(row, row.declaredContentType(), false, size, checksum, sizeFetched, checksum == null, stale, false);
        }
        try (InputStream in = service.download(row.sourceKey());
             DigestingInputStream digesting = new DigestingInputStream(in, ChecksumAlgorithm.MD5)) {
            ContentTypeIdentifier.Identified identified = identifier.identify(digesting, row.filename(), row.declaredContentType());
            identified.stream().transferTo(OutputStream.nullOutputStream());
            Checksum actual = digesting.checksum();
            boolean changed = stale || row.fingerprint() != null && !row.fingerprint().equals(actual)
                    || !sizeFetched && digesting.byteCount() != row.declaredSize();
            return ready(row, identified.contentType(), true, digesting.byteCount(), actual, sizeFetched, true, changed, false);
        } catch (IOException e) {
            throw new UncheckedIOException("reading key '" + row.sourceKey() + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * The object copied to its new key and verified: against the row's fingerprint by the target
     * service when the row's size matches (nothing is kept if they differ), else against the bytes
     * read from the source. Hard-linked where the target can link the source's local file.
     */
    private ImportRow copy(PlannedRow row, StorageService source, long size) {
        boolean sizeFetched = row.declaredSize() == null;
        boolean stale = !sizeFetched && row.declaredSize() != size;
        Checksum expected = stale ? null : row.fingerprint();
        if (dryRun) {
            return ready(row, row.declaredContentType(), false, size, expected, sizeFetched, true, stale, false);
        }
        StorageService target = services.get(row.targetService());
        UploadOptions options = UploadOptions.defaults().withOverwrite(false);
        if (expected != null) {
            options = options.withChecksum(expected);
        }
        Optional<Path> file = source.localFile(row.sourceKey());
        Optional<StoredObject> linked = file.isPresent() ? target.link(row.targetKey(), file.get(), options) : Optional.empty();
        if (linked.isPresent()) {
            StoredObject stored = linked.get();
            return ready(row, identifyStored(target, row, stored.byteSize()), true, stored.byteSize(), stored.checksum(), sizeFetched, true,
                    stale, true);
        }
        try (InputStream in = source.download(row.sourceKey());
             DigestingInputStream digesting = new DigestingInputStream(in, ChecksumAlgorithm.MD5)) {
            ContentTypeIdentifier.Identified identified = identifier.identify(digesting, row.filename(), row.declaredContentType());
            StoredObject stored = target.upload(row.targetKey(), identified.stream(),
                    options.withMetadata(new ObjectMetadata(identified.contentType(), row.filename(), null, Map.of())));
            if (!stored.checksum().equals(digesting.checksum()) || stored.byteSize() != digesting.byteCount()) {
                target.delete(row.targetKey());
                throw new IntegrityException("the copy at key '" + row.targetKey() + "' has checksum " + stored.checksum()
                        + ", but the bytes read from '" + row.sourceKey() + "' have " + digesting.checksum() + "; it was deleted");
            }
            return ready(row, identified.contentType(), true, stored.byteSize(), stored.checksum(), sizeFetched, true, stale, false);
        } catch (KeyExistsException e) {
            throw new IntegrityException("key '" + row.targetKey() + "' is taken in service '" + target.name() + "': " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("copying key '" + row.sourceKey() + "' failed: " + e.getMessage(), e);
        }
    }

    /** The type of a linked object, from its first bytes. */
    private String identifyStored(StorageService target, PlannedRow row, long size) {
        if (size == 0) {
            return identifier.identify(new byte[0], row.filename(), row.declaredContentType());
        }
        try (InputStream in = target.download(row.targetKey(), ByteRange.inclusive(0, ContentTypeIdentifier.HEAD_BYTES - 1))) {
            return identifier.identify(in.readAllBytes(), row.filename(), row.declaredContentType());
        } catch (IOException e) {
            throw new UncheckedIOException("reading key '" + row.targetKey() + "' failed: " + e.getMessage(), e);
        }
    }

    private static ImportRow ready(PlannedRow row, String contentType, boolean identified, long size, Checksum checksum,
            boolean sizeFetched, boolean checksumComputed, boolean stale, boolean hardLinked) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(BlobMetadata.IDENTIFIED, identified);
        if (row.originalFilename() != null) {
            metadata.put(BlobMetadata.ORIGINAL_FILENAME, row.originalFilename());
        }
        BlobRepository.NewRow blob = new BlobRepository.NewRow(row.targetKey(), row.filename(), contentType, metadata, row.targetService(),
                size, checksum, row.createdAt());
        return new ImportRow(row, blob, sizeFetched, checksumComputed, stale, hardLinked);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "affix-import-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

package dev.affix.attachment;

import dev.affix.analysis.AnalysisMode;
import dev.affix.analysis.BlobAnalysis;
import dev.affix.blob.Blob;
import dev.affix.blob.BlobInUseException;
import dev.affix.blob.BlobMetadata;
import dev.affix.blob.BlobNotFoundException;
import dev.affix.blob.BlobRepository;
import dev.affix.blob.Blobs;
import dev.affix.blob.ByteJanitor;
import dev.affix.blob.InvalidSignedIdException;
import dev.affix.blob.LocalCopy;
import dev.affix.blob.MirrorBlobJob;
import dev.affix.blob.NewBlob;
import dev.affix.blob.PendingDeletion;
import dev.affix.blob.SignedIds;
import dev.affix.checksum.Checksum;
import dev.affix.db.Database;
import dev.affix.db.DatabaseException;
import dev.affix.job.JobRunner;
import dev.affix.validation.AttachmentInvalidException;
import dev.affix.validation.AttachmentRules;
import dev.affix.validation.Violation;
import dev.affix.variant.Variants;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Changes attachments. Every change of one (record, name) runs in a transaction that first takes
 * that slot's row lock, so concurrent changes take turns; a change that leaves the slot empty deletes
 * that row, so the slots table holds only slots with attachments. New bytes are uploaded before the
 * transaction; bytes of blobs that lose their last attachment are recorded for deletion in it and
 * deleted after it.
 */
public final class Attacher {

    private static final int DEADLOCK_RETRIES = 3;

    private final Database rowsDatabase;
    private final Blobs blobs;
    private final BlobRepository blobRows;
    private final AttachmentRepository rows;
    private final ByteJanitor janitor;
    private final JobRunner jobs;
    private final AttachAnalysis analysis;
    private final AttachVariants variants;
    private final Clock clock;
    private final String tenant;

    public Attacher(Database rowsDatabase, Blobs blobs, BlobRepository blobRows, AttachmentRepository rows, ByteJanitor janitor,
            JobRunner jobs, BlobAnalysis analysis, Variants variants, Clock clock) {
        this(rowsDatabase, blobs, blobRows, rows, janitor, jobs, new AttachAnalysis(analysis, jobs, clock), new AttachVariants(variants, jobs),
                clock, null);
    }

    private Attacher(Database rowsDatabase, Blobs blobs, BlobRepository blobRows, AttachmentRepository rows, ByteJanitor janitor,
            JobRunner jobs, AttachAnalysis analysis, AttachVariants variants, Clock clock, String tenant) {
        this.tenant = tenant;
        this.rowsDatabase = rowsDatabase;
        this.blobs = blobs;
        this.blobRows = blobRows;
        this.rows = rows;
        this.janitor = janitor;
        this.jobs = jobs;
        this.analysis = analysis;
        this.variants = variants;
        this.clock = clock;
    }

    /** Variants and previews, for the handles' named variants. */
    public Variants variants() {
        return variants.variants();
    }

    /** The same attacher writing its rows through another database (a caller's transaction). */
    public Attacher using(Database database) {
        return new Attacher(database, blobs, blobRows, rows, janitor, jobs, analysis, variants, clock, tenant);
    }

    /** The same attacher making the keys of new blobs for a tenant, as the declarations' key templates say. */
    public Attacher forTenant(String value) {
        return new Attacher(rowsDatabase, blobs, blobRows, rows, janitor, jobs, analysis, variants, clock, value);
    }

    /**
     * Records a blob for a browser to upload directly into this slot's service, at a key made by the
     * slot's template; attaching its signed id later puts it in the slot. {@code record} is null for a
     * record not saved yet, whose declaration then must choose its service and keys without its id.
     */
    public Blob prepareDirectUpload(RecordRef record, AttachmentDeclaration declaration, String filename, long byteSize,
            Checksum checksum, String contentType, Map<String, String> metadata) {
        return blobs.createBeforeDirectUpload(filename, byteSize, checksum, contentType, metadata,
                declaration.serviceFor(record, tenant), keyFor(record, declaration), uploadTarget(declaration));
    }

    /**
     * What an upload records it was made for: the declaration, and the tenant whose keys it took, so that
     * one attached under another tenant is copied to that tenant's keys rather than left under the first
     * tenant's prefix, where removing that tenant's objects would take it.
     */
    private String uploadTarget(AttachmentDeclaration declaration) {
        return tenant == null ? declaration.qualifiedName() : declaration.qualifiedName() + " (tenant " + tenant + ")";
    }

    private String keyFor(RecordRef record, AttachmentDeclaration declaration) {
        KeyTemplate template = declaration.keyTemplate();
        return template == null ? StorageKeys.random()
                : template.resolve(new KeyTemplate.Context(tenant, declaration.recordType(), record == null ? null : record.id(),
                        declaration.name(), clock.instant()));
    }

    public List<Attachment> find(RecordRef record, String name) {
        return rowsDatabase.inTransaction(c -> rows.find(c, record, name));
    }

    /** How many attachments the declaration has over all records. */
    public long count(AttachmentDeclaration declaration) {
        return rowsDatabase.read(c -> rows.count(c, declaration.recordType(), declaration.name()));
    }

    /** A page of the declaration's attachments over all records, in id order after {@code afterId}. */
    public List<Attachment> page(AttachmentDeclaration declaration, long afterId, int limit) {
        return rowsDatabase.read(c -> rows.page(c, declaration.recordType(), declaration.name(), afterId, limit));
    }

    /** The attachments that use any of these blobs, in one query. */
    public List<Attachment> findForBlobs(Collection<Long> blobIds) {
        return rowsDatabase.read(c -> rows.findForBlobs(c, blobIds));
    }

    public List<Attachment> findForRecords(String recordType, String name, List<String> ids) {
        return rowsDatabase.inTransaction(c -> rows.findForRecords(c, recordType, name, ids));
    }

    /**
     * Makes {@code source} the one attachment of the slot; the previous blob is purged unless used elsewhere.
     *
     * <p>Against writers of the table that do not take the slot's lock (a Rails application replacing
     * the same attachment), the slot's rows are locked first and the oldest is pointed at the new blob
     * in place rather than deleted: a writer that read it before and deletes it after this commits
     * deletes it with its new blob and leaves its own, and one that deleted it first has made this wait.
     * Then every other attachment of the slot, including those a writer committed while this waited,
     * is removed, read again as now committed. Either way one attachment is left, the same for both.
     */
    public Attachment attachOne(RecordRef record, AttachmentDeclaration declaration, Attachable source) {
        requireValid(declaration, declaration.rules().checkCount(1));
        Resolved resolved = resolve(source, record, declaration);
        return change(record, declaration, List.of(resolved), (c, attaching) -> {
            Blob blob = attaching.get(0);
            List<Attachment> locked = rows.findForUpdate(c, record, declaration.name());
            Attachment same = locked.stream().filter(a -> a.blob().id() == blob.id()).findFirst().orElse(null);
            List<PendingDeletion> deletions = new ArrayList<>();
            Attachment result;
            if (same != null) {
                result = new Attachment(same.id(), same.name(), same.record(), blob, same.createdAt());
            } else if (!locked.isEmpty()) {
                Attachment replaced = locked.get(0);
                result = new Attachment(replaced.id(), replaced.name(), replaced.record(), blob, now());
                rows.replaceBlob(c, replaced.id(), blob, result.createdAt());
                deletions.addAll(purgeIfUnattached(c, replaced.blob()));
            } else {
                result = rows.insert(c, record, declaration.name(), blob, now());
            }
            deletions.addAll(remove(c, rows.findForUpdate(c, record, declaration.name()), a -> a.id() != result.id()));
            return new Change<>(List.of(result), deletions);
        }).get(0);
    }

    /** Adds the sources to the slot, after what is there; a blob already in the slot is not added twice. */
    public List<Attachment> attachMany(RecordRef record, AttachmentDeclaration declaration, List<Attachable> sources) {
        return replaceOrAppend(record, declaration, sources, false);
    }

    /** Makes the sources the slot's attachments; blobs that drop out are purged unless used elsewhere. */
    public List<Attachment> replaceMany(RecordRef record, AttachmentDeclaration declaration, List<Attachable> sources) {
        return replaceOrAppend(record, declaration, sources, true);
    }

    private List<Attachment> replaceOrAppend(RecordRef record, AttachmentDeclaration declaration, List<Attachable> sources,
            boolean replace) {
        List<Resolved> resolved = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        try {
            for (Attachable source : sources) {
                try {
                    resolved.add(resolve(source, record, declaration));
                } catch (AttachmentInvalidException invalid) {
                    // every file is checked, so that one refusal names every broken rule
                    violations.addAll(invalid.violations());
                }
            }
            requireValid(declaration, violations);
        } catch (RuntimeException e) {
            resolved.stream().filter(Resolved::createdHere).forEach(r -> blobs.purgeLater(r.blob()));
            throw e;
        }
        List<Long> wanted = resolved.stream().map(r -> r.blob().id()).toList();
        return change(record, declaration, resolved, (c, attaching) -> {
            List<Attachment> existing = rows.find(c, record, declaration.name());
            List<PendingDeletion> deletions = replace ? remove(c, existing, a -> !wanted.contains(a.blob().id())) : List.of();
            List<Attachment> result = new ArrayList<>();
            for (Blob blob : attaching) {
                Attachment present = existing.stream().filter(a -> a.blob().id() == blob.id()).findFirst()
                        .or(() -> result.stream().filter(a -> a.blob().id() == blob.id()).findFirst())
                        .orElse(null);
                result.add(present != null ? new Attachment(present.id(), present.name(), present.record(), blob, present.createdAt())
                        : rows.insert(c, record, declaration.name(), blob, now()));
            }
            long kept = replace ? 0 : existing.stream().filter(a -> result.stream().noneMatch(r -> r.id() == a.id())).count();
            requireValid(declaration, declaration.rules().checkCount((int) (kept + result.size())));
            return new Change<>(result, deletions);
        });
    }

    /** Removes the matching attachments but keeps their blobs. */
    public void detach(RecordRef record, AttachmentDeclaration declaration, Predicate<Attachment> which) {
        change(record, declaration, List.of(), (c, attaching) -> {
            for (Attachment a : rows.find(c, record, declaration.name())) {
                if (which.test(a)) {
                    rows.delete(c, a.id());
                }
            }
            return new Change<>(List.of(), List.of());
        });
    }

    /** Removes the matching attachments, and the blobs no other attachment uses: rows now, bytes right after the commit. */
    public void purge(RecordRef record, AttachmentDeclaration declaration, Predicate<Attachment> which) {
        change(record, declaration, List.of(), (c, attaching) -> new Change<>(List.of(), remove(c, rows.find(c, record, declaration.name()),
                which)));
    }

    /**
     * Removes the matching attachments, and the rows of the blobs no other attachment uses, now; their
     * bytes are deleted by the job runner after the commit. The deletions are recorded in the same
     * transaction, so they happen if, and only if, it commits.
     */
    public void purgeLater(RecordRef record, AttachmentDeclaration declaration, Predicate<Attachment> which) {
        change(record, declaration, List.of(), (c, attaching) -> new Change<>(List.of(), remove(c, rows.find(c, record, declaration.name()),
                which)), false);
    }

    /**
     * A blob to attach: whether this change stored it (and must purge it if the change fails), the
     * facts to merge into its metadata in the change's transaction (analysis done before it), and the
     * direct upload it is a copy of (null if none), purged once the change has committed.
     */
    private record Resolved(Blob blob, boolean createdHere, Map<String, Object> facts, Blob copyOf) {
    }

    /** What a slot change returns, and the deletions of bytes it recorded. */
    private record Change<T>(List<T> result, List<PendingDeletion> deletions) {
    }

    /** The rows a slot change writes, given the blobs it attaches, locked and with their facts merged. */
    @FunctionalInterface
    private interface SlotWork<T> {
        Change<T> run(Connection connection, List<Blob> attaching) throws SQLException;
    }

    private <T> List<T> change(RecordRef record, AttachmentDeclaration declaration, List<Resolved> attaching, SlotWork<T> work) {
        return change(record, declaration, attaching, work, true);
    }

    /**
     * Runs a change of one slot: lock the slot (and the blobs being attached, merging the facts found
     * for them), change the rows, then delete the bytes of blobs that lost their last attachment, on
     * this thread or in the background, and queue what follows an attach (copies to mirrors,
     * analysis). A blob uploaded for a change that failed is purged again, or left unattached for cleanup.
     */
    private <T> List<T> change(RecordRef record, AttachmentDeclaration declaration, List<Resolved> attaching, SlotWork<T> work,
            boolean deleteBytesNow) {
        Change<T> change;
        try {
            change = withDeadlockRetries(() -> rowsDatabase.inTransaction(c -> {
                rows.lockSlot(c, record, declaration.name());
                List<Blob> locked = new ArrayList<>();
                for (Resolved blob : attaching) {
                    locked.add(lockAndMerge(c, blob));
                }
                Change<T> done = work.run(c, locked);
                if (done.result().isEmpty() && rows.isEmpty(c, record, declaration.name())) {
                    // under the slot's own lock: a writer waiting for it makes the row again
                    rows.releaseSlot(c, record, declaration.name());
                }
                return done;
            }));
        } catch (RuntimeException e) {
            for (Resolved blob : attaching) {
                if (blob.createdHere()) {
                    try {
                        blobs.purge(blob.blob());
                    } catch (RuntimeException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                }
            }
            throw e;
        }
        if (deleteBytesNow) {
            janitor.deleteAfterCommit(rowsDatabase, change.deletions());
        } else {
            janitor.deleteInBackgroundAfterCommit(rowsDatabase, change.deletions());
        }
        for (Resolved blob : attaching) {
            if (!blob.createdHere() && blobs.service(blob.blob()).replicates()) {
                jobs.enqueue(MirrorBlobJob.of(blob.blob()));
            }
            if (blob.copyOf() != null) {
                blobs.purgeLater(blob.copyOf());
            }
        }
        if (!attaching.isEmpty() && analysis.mode(declaration) == AnalysisMode.LATER) {
            analysis.later(rowsDatabase, attaching.stream().map(Resolved::blob).toList());
        }
        if (!attaching.isEmpty()) {
            variants.afterAttach(rowsDatabase, declaration, attaching.stream().map(Resolved::blob).toList());
        }
        return change.result();
    }

    /** Locks the blob's row for the change, merging the facts found for it; the blob as it now is. */
    private Blob lockAndMerge(Connection c, Resolved blob) throws SQLException {
        long id = blob.blob().id();
        Optional<Blob> locked = blob.facts().isEmpty() ? blobRows.findForUpdate(c, id) : blobRows.mergeMetadata(c, id, null, blob.facts());
        return locked.orElseThrow(() -> new BlobNotFoundException(id));
    }

    /**
     * Deletes the matching attachments, and the rows of the blobs nothing else uses; returns the
     * deletions of their bytes, recorded in the same transaction.
     */
    private List<PendingDeletion> remove(Connection c, List<Attachment> attachments, Predicate<Attachment> which) throws SQLException {
        List<PendingDeletion> deletions = new ArrayList<>();
        for (Attachment a : attachments) {
            if (which.test(a)) {
                rows.delete(c, a.id());
                deletions.addAll(purgeIfUnattached(c, a.blob()));
            }
        }
        return deletions;
    }

    /** Deletes the blob's row if no attachment uses it any more; the deletions of its bytes, recorded in the same transaction. */
    private List<PendingDeletion> purgeIfUnattached(Connection c, Blob blob) throws SQLException {
        return rows.isAttached(c, blob.id()) ? List.of() : blobs.deletion().delete(c, blob);
    }

    private <T> T withDeadlockRetries(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (DatabaseException e) {
                boolean deadlock = e.sqlState().startsWith("40");
                if (!deadlock || !rowsDatabase.commitsOnReturn() || attempt == DEADLOCK_RETRIES) {
                    throw e;
                }
            }
        }
    }

    /**
     * The blob a source names, storing new bytes first; with {@code analyze: immediately}, and the
     * facts the analyzers find in it: from the copy kept while storing new bytes, else from a verified
     * download of an existing blob not analysed yet.
     */
    private Resolved resolve(Attachable source, RecordRef record, AttachmentDeclaration declaration) {
        boolean now = analysis.mode(declaration) == AnalysisMode.IMMEDIATELY || declaration.rules().needsDimensions();
        if (source instanceof Attachable.FromBlob fromBlob) {
            Resolved resolved = existing(fromBlob.blob(), now);
            requireValid(declaration, resolved);
            return resolved;
        }
        if (source instanceof Attachable.FromSignedId signed) {
            Blob upload = verifiedDirectUpload(signed.signedId());
            try {
                return asMadeFor(upload, record, declaration, now);
            } catch (AttachmentInvalidException e) {
                // the browser's upload was for this attach, which refuses it: it is not kept
                try {
                    blobs.purge(upload);
                } catch (BlobInUseException attachedElsewhere) {
                    // kept for the attachment it already has
                }
                throw e;
            }
        }
        if (source instanceof Attachable.FromStream stream) {
            NewBlob spec = NewBlob.named(stream.filename()).withContentType(stream.contentType())
                    .inService(declaration.serviceFor(record, tenant)).withKey(keyFor(record, declaration));
            return stored(stream.stream(), spec, declaration, now);
        }
        Attachable.FromFile file = (Attachable.FromFile) source;
        NewBlob spec = NewBlob.named(file.filename()).withContentType(file.contentType())
                .inService(declaration.serviceFor(record, tenant)).withKey(keyFor(record, declaration));
        try (InputStream in = Files.newInputStream(file.path())) {
            return stored(in, spec, declaration, now);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("file " + file.path() + " does not exist");
        } catch (IOException e) {
            throw new StorageException("file " + file.path() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private Resolved existing(Blob blob, boolean analyzeNow) {
        return new Resolved(blob, false, analyzeNow ? analysis.now(blob) : Map.of(), null);
    }

    /**
     * A direct upload as the slot keeps it. One made for another declared attachment (through that one's
     * handle or slot), or for the same one under another tenant, is copied into this slot's service at a
     * key of its template, verified against its
     * checksum, and purged once the attach has committed: it never stays in the service, or under the
     * keys, of the attachment it was made for. Any other is attached as it is.
     */
    private Resolved asMadeFor(Blob upload, RecordRef record, AttachmentDeclaration declaration, boolean analyzeNow) {
        Object madeFor = upload.metadata().get(BlobMetadata.DIRECT_UPLOAD_FOR);
        if (madeFor == null || madeFor.equals(uploadTarget(declaration))) {
            Resolved resolved = existing(upload, analyzeNow);
            requireValid(declaration, resolved);
            return resolved;
        }
        NewBlob spec = NewBlob.named(upload.filename()).withContentType(upload.contentType()).withMetadata(upload.customMetadata())
                .inService(declaration.serviceFor(record, tenant)).withKey(keyFor(record, declaration)).withChecksum(upload.checksum());
        try (InputStream in = blobs.download(upload)) {
            Resolved copy = stored(in, spec, declaration, analyzeNow);
            return new Resolved(copy.blob(), true, copy.facts(), upload);
        } catch (IOException e) {
            throw new StorageException("the direct upload '" + upload.key() + "' in service '" + upload.serviceName() + "' could not be read: "
                    + e.getMessage(), e);
        }
    }

    /**
     * New bytes stored as a blob. To analyse them at once, or make variants declared
     * {@code process: immediately}, they are written to a private local copy as they stream into the
     * service, rather than downloaded again: no second transfer from a remote service before the
     * attach returns, for the same local write a download would make.
     */
    private Resolved stored(InputStream in, NewBlob spec, AttachmentDeclaration declaration, boolean analyzeNow) {
        boolean variantsNow = variants.makesImmediately(declaration);
        AttachmentRules rules = declaration.rules();
        if (!analyzeNow && !variantsNow) {
            return new Resolved(blobs.create(in, spec, null, candidate -> requireValid(declaration, rules.check(candidate, Map.of()))), true,
                    Map.of(), null);
        }
        try (LocalCopy copy = LocalCopy.create()) {
            List<Map<String, Object>> facts = new ArrayList<>(List.of(Map.of()));
            // checked before the blob is recorded: a refused file leaves no object and no row
            // dimension rules need the facts before the blob is recorded; otherwise it is analysed once it has its id
            Blob blob = blobs.create(in, spec, copy, candidate -> {
                if (rules.needsDimensions()) {
                    facts.set(0, analysis.now(candidate, copy));
                }
                requireValid(declaration, rules.check(candidate, facts.get(0)));
            });
            if (analyzeNow && !rules.needsDimensions()) {
                facts.set(0, analysis.now(blob, copy));
            }
            if (variantsNow) {
                variants.makeImmediately(declaration, blob, copy.path());
            }
            return new Resolved(blob, true, facts.get(0), null);
        }
    }

    /** Checks an existing blob against the declaration's rules, with what analysis found in it. */
    private static void requireValid(AttachmentDeclaration declaration, Resolved resolved) {
        Map<String, Object> facts = new LinkedHashMap<>(resolved.blob().metadata());
        facts.putAll(resolved.facts());
        requireValid(declaration, declaration.rules().check(resolved.blob(), facts));
    }

    private static void requireValid(AttachmentDeclaration declaration, List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new AttachmentInvalidException(declaration.qualifiedName(), violations);
        }
    }

    /** The blob of a signed id, once its bytes have arrived, identified from them and admitted by type. */
    private Blob verifiedDirectUpload(String signedId) {
        Blob blob = blobs.findSigned(signedId).orElseThrow(() -> new InvalidSignedIdException(SignedIds.BLOB_ID));
        if (!blobs.service(blob).exists(blob.key())) {
            throw new ObjectNotFoundException(blob.serviceName(), blob.key());
        }
        return blobs.admitDirectUpload(blob);
    }

    /** Now, to the microsecond that the databases keep, so that a returned value equals the one read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

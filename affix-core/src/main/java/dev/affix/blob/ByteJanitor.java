package dev.affix.blob;

import dev.affix.AffixException;
import dev.affix.db.Database;
import dev.affix.job.JobRunner;
import dev.affix.storage.StorageServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the bytes of blobs whose rows are gone, through the pending deletions table: the entry is
 * written in the very transaction that deletes the row, so it commits or rolls back with it, and is
 * removed only once the object is gone. Rows first, bytes after: no row ever points at missing
 * bytes, and no crash leaves bytes that nothing records.
 *
 * <p>Entries are worked off right after the commit (on the caller's thread, or by the job runner),
 * by the periodic {@link DrainPendingDeletionsJob}, and at start; a failed deletion is retried with a
 * doubling delay for as long as it takes. Right before deleting, it checks that no blob row points at
 * the key in that service or one sharing its storage, and keeps the bytes if one does. An upload reserves an entry too, due a day later, which the transaction that
 * writes its blob row cancels: a process that stops between the two leaves no unrecorded bytes.
 */
public final class ByteJanitor {

    /** How long an upload may take before its reservation lets a drain delete what it wrote. */
    public static final Duration UPLOAD_GRACE = Duration.ofDays(1);

    private static final Logger LOG = LoggerFactory.getLogger(ByteJanitor.class);
    // an attempt that never ends (its JVM died) makes the entry due again after this
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final int BATCH = 100;

    private final Database own;
    private final BlobRepository blobs;
    private final PendingDeletionRepository pending;
    private final StorageServices services;
    private final JobRunner jobs;
    private final Clock clock;

    public ByteJanitor(Database own, BlobRepository blobs, PendingDeletionRepository pending, StorageServices services, JobRunner jobs,
            Clock clock) {
        this.own = own;
        this.blobs = blobs;
        this.pending = pending;
        this.services = services;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** What a drain did: objects deleted (or found referenced and kept), and attempts that failed and wait for a retry. */
    public record Drained(int deleted, int failed) {
    }

    /** In the transaction that deletes the blob's row: its bytes are to go once that commits. */
    public PendingDeletion rowDeleted(Connection connection, Blob blob) throws SQLException {
        Instant now = now();
        return pending.insert(connection, blob.serviceName(), blob.key(), now, now);
    }

    /**
     * Before uploading bytes whose blob row is not written yet: records them, due after
     * {@link #UPLOAD_GRACE}, so that they are deleted if the row never comes.
     */
    public PendingDeletion reserveUpload(String serviceName, String key) {
        Instant now = now();
        return own.inTransaction(c -> pending.insert(c, serviceName, key, now, now.plus(UPLOAD_GRACE)));
    }

    /**
     * After an upload that the service refused because the key was taken: nothing of this upload was
     * stored, and the object at the key is someone else's, which the reservation must never delete.
     */
    public void refused(PendingDeletion reservation) {
        own.inTransaction(c -> pending.cancelUntaken(c, reservation));
    }

    /**
     * In the transaction that writes the blob's row: the bytes stay. Fails if a drain took the
     * reservation meanwhile (a cleanup that counted the upload as abandoned), since the bytes may be gone.
     */
    public void keepUpload(Connection connection, PendingDeletion reservation) throws SQLException {
        if (!pending.cancelUntaken(connection, reservation)) {
            throw new AffixException("the upload to key '" + reservation.key() + "' in service '" + reservation.serviceName()
                    + "' was taken for abandoned by a cleanup before its blob was recorded; nothing was attached");
        }
    }

    /**
     * After the transaction that recorded {@code entries}: deletes their objects on this thread once
     * it has committed. When {@code rows} cannot tell (a caller's bare JDBC transaction), the entries
     * wait for the periodic drain: they exist only if that transaction committed.
     */
    public void deleteAfterCommit(Database rows, List<PendingDeletion> entries) {
        if (!entries.isEmpty()) {
            rows.afterCommit(() -> entries.forEach(this::attemptQuietly));
        }
    }

    /** Like {@link #deleteAfterCommit}, but leaves the deleting to the job runner. */
    public void deleteInBackgroundAfterCommit(Database rows, List<PendingDeletion> entries) {
        if (!entries.isEmpty()) {
            rows.afterCommit(() -> {
                try {
                    jobs.enqueue(DrainPendingDeletionsJob.job());
                } catch (RuntimeException e) {
                    // the commit has happened; the periodic drain will find the entries
                    LOG.warn("could not queue the deletion of {} objects; the periodic drain will do it: {}", entries.size(), e.toString());
                }
            });
        }
    }

    /** Works off every entry that is due. */
    public Drained drain() {
        return drain(null);
    }

    /**
     * Works off every entry that is due, and (when {@code createdBefore} is not null) every entry made
     * before that time: uploads reserved by processes that stopped before recording their blob.
     */
    public Drained drain(Instant createdBefore) {
        int deleted = 0;
        int failed = 0;
        long afterId = 0;
        List<PendingDeletion> page;
        do {
            Instant now = now();
            long from = afterId;
            page = own.read(c -> pending.due(c, now, createdBefore, from, BATCH));
            for (PendingDeletion entry : page) {
                afterId = entry.id();
                switch (attempt(entry)) {
                    case DELETED, KEPT -> deleted++;
                    case FAILED -> failed++;
                    case TAKEN -> { }
                }
            }
        } while (page.size() == BATCH);
        return new Drained(deleted, failed);
    }

    /**
     * Deletes the object at the key now unless a blob row points at it (one of this service or of a
     * service sharing its storage), and tells whether it was deleted: for {@link DeleteObjectJob} and
     * the doctor's quarantine. It goes through the pending deletions table like every deletion, so a
     * process that stops halfway leaves it to the drain, and a writer adopting the key meanwhile sees
     * it. A failure is thrown; the entry stays and the drain retries it.
     */
    public boolean deleteUnlessReferenced(String serviceName, String key) {
        Instant now = now();
        // not due before the lease ends: no drain takes it while this call works on it
        PendingDeletion entry = own.inTransaction(c -> pending.insert(c, serviceName, key, now, now.plus(LEASE)));
        try {
            return deleteTaken(entry) == Outcome.DELETED;
        } catch (RuntimeException e) {
            retryLater(entry, e);
            throw e;
        }
    }

    private enum Outcome { DELETED, KEPT, FAILED, TAKEN }

    private void attemptQuietly(PendingDeletion entry) {
        try {
            attempt(entry);
        } catch (RuntimeException e) {
            // the rows' commit has happened and must not look failed; the entry stays for the periodic drain
            LOG.warn("deleting key '{}' from service '{}' after the commit failed; it will be retried: {}", entry.key(),
                    entry.serviceName(), e.toString());
        }
    }

    private Outcome attempt(PendingDeletion entry) {
        Instant now = now();
        if (!own.inTransaction(c -> pending.claim(c, entry, now.plus(LEASE)))) {
            return Outcome.TAKEN;
        }
        try {
            return deleteTaken(entry);
        } catch (RuntimeException e) {
            retryLater(entry, e);
            return Outcome.FAILED;
        }
    }

    /**
     * Deletes the object of an entry this thread holds, unless a blob row points at its key, then
     * removes the entry; a blob row that does keeps the bytes, and the entry goes all the same.
     *
     * <p>The race with a writer that makes a blob row at the key meanwhile (an import adopting
     * objects in place, a Rails application sharing the tables, a key chosen by the application).
     * The entry was committed before this runs and stays until the object is gone; the look-up
     * below comes after it and right before the delete. So:
     * <ul>
     *   <li>a row committed before the look-up is seen, and the bytes are kept;</li>
     *   <li>a row committed after it must come from a writer that, after inserting its row and
     *       before committing, looks for pending deletions of the key (Affix's importer does), and
     *       refuses the key while one is there. One is there until the object is gone: if the
     *       writer finds none, the object was deleted before it looked, and a writer that needs the
     *       bytes must see them (head) after looking. Inserting first matters: while the transaction
     *       that deletes the old row is open, the insert waits on the unique key index until it
     *       commits, and the entry commits with it, so the writer's look finds it.</li>
     * </ul>
     * A writer that does not look (a Rails application) can still lose bytes it adopts in the moment
     * between the look-up and the delete; closing that would take a lock held across the storage
     * call, on every database alike, which Affix does not do.
     *
     * <p>Services sharing storage count as one here ({@link StorageServices#sharingObjectsWith}): a
     * row of a Mirror keeps the bytes of its members, and a row of a member those of its Mirror.
     */
    private Outcome deleteTaken(PendingDeletion entry) {
        Optional<Blob> owner = own.read(c -> blobs.findByKey(c, entry.key(), services.sharingObjectsWith(entry.serviceName())));
        if (owner.isPresent()) {
            LOG.warn("kept the object at key '{}' of service '{}' rather than delete it: blob {} of service '{}' points at that key",
                    entry.key(), entry.serviceName(), owner.get().id(), owner.get().serviceName());
        } else {
            services.get(entry.serviceName()).delete(entry.key());
        }
        own.inTransaction(c -> {
            pending.delete(c, entry.id());
            return null;
        });
        return owner.isPresent() ? Outcome.KEPT : Outcome.DELETED;
    }

    private void retryLater(PendingDeletion entry, RuntimeException failure) {
        int attempts = entry.attempts() + 1;
        Duration backoff = backoff(attempts);
        LOG.warn("deleting key '{}' from service '{}' failed (attempt {}); retrying in {}: {}", entry.key(), entry.serviceName(),
                attempts, backoff, failure.toString());
        own.inTransaction(c -> {
            pending.retryAt(c, entry.id(), now().plus(backoff), failure.toString());
            return null;
        });
    }

    private static Duration backoff(int attempts) {
        Duration doubled = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempts - 1, 16));
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    /** Now, to the microsecond that the databases keep. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

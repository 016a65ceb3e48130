package dev.affix.doctor;

import dev.affix.attachment.AttachmentRepository;
import dev.affix.attachment.Declarations;
import dev.affix.blob.BlobRepository;
import dev.affix.blob.ByteJanitor;
import dev.affix.db.Database;
import dev.affix.db.Schema;
import dev.affix.storage.StorageService;
import dev.affix.storage.StorageServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Finds what went wrong between Affix's tables and a service's objects, and repairs it in a way that
 * can be taken back ({@code affix doctor}):
 * <ul>
 *   <li>has-one slots that hold more than one attachment: the newest is kept, the others detached;</li>
 *   <li>attachments whose record is gone, for declarations that name their {@code record_table}: detached;</li>
 *   <li>blobs of the service whose bytes are missing: reported only, no row changes;</li>
 *   <li>objects in the service that no blob references: quarantined under {@code affix-quarantine/<run>/}.</li>
 * </ul>
 * The attachment checks cover the tables (every declaration), the other two one service. Detached
 * attachments keep their blobs, which stay until a cleanup of unattached blobs purges them. Every
 * repair is written to a fix log before it commits; {@link #undo} takes a log's repairs back.
 */
public final class Doctor {

    /** How many problems of each kind a report describes unless told otherwise. */
    public static final int DEFAULT_SAMPLES = 10;

    private final Database own;
    private final DoctorRows rows;
    private final StorageServices services;
    private final Declarations declarations;
    private final Clock clock;
    private final HasOneDuplicates hasOne;
    private final OrphanAttachments orphans;
    private final MissingBytes missingBytes;
    private final StorageSweep sweep;
    private final Quarantine quarantine;
    private final AttachmentRepository attachments;

    public Doctor(Database own, Schema schema, BlobRepository blobs, AttachmentRepository attachments, ByteJanitor janitor,
            StorageServices services, Declarations declarations, Clock clock) {
        this.own = own;
        this.rows = new DoctorRows(schema, own.dialect());
        this.services = services;
        this.declarations = declarations;
        this.clock = clock;
        this.attachments = attachments;
        this.hasOne = new HasOneDuplicates(own, rows, attachments);
        this.orphans = new OrphanAttachments(own, rows);
        this.missingBytes = new MissingBytes(own, rows, blobs, attachments);
        this.quarantine = new Quarantine(own, rows, janitor);
        this.sweep = new StorageSweep(own, rows, quarantine);
    }

    /** Checks the tables and the service (null: the default one), changing nothing. */
    public DoctorReport examine(String serviceName, int samples) {
        return run(serviceName, samples, null);
    }

    /**
     * Checks and repairs, writing each repair to {@code fixLog} (a new file) before it commits. The
     * log is removed again if there was nothing to repair.
     */
    public DoctorReport repair(String serviceName, int samples, Path fixLog) {
        return run(serviceName, samples, fixLog);
    }

    /** Takes back the repairs written in a fix log; {@code samples} caps the problems described. */
    public UndoReport undo(Path fixLog, int samples) {
        return new Undo(own, rows, attachments, quarantine, services, samples).run(fixLog);
    }

    private DoctorReport run(String serviceName, int samples, Path logFile) {
        long started = System.nanoTime();
        StorageService service = serviceName == null ? services.defaultService() : services.get(serviceName);
        Instant now = clock.instant();
        Instant checkedBefore = now.minus(ByteJanitor.UPLOAD_GRACE);
        // a record table that is not there is refused before anything is repaired
        List<OrphanAttachments.Target> targets = orphans.targets(declarations.all());
        Tally duplicates = new Tally(samples);
        Tally orphaned = new Tally(samples);
        Tally missing = new Tally(samples);
        Tally unknown = new Tally(samples);
        FixLog log = logFile == null ? null : FixLog.create(logFile, rows.blobsTable(), service.name(), now);
        long checked;
        StorageSweep.Result swept;
        try {
            hasOne.check(declarations.all(), duplicates, log);
            orphans.check(targets, orphaned, log);
            long countedBefore = missingBytes.checkedBlobs(service, checkedBefore);
            swept = sweep.sweep(service, services.sharingObjectsWith(service.name()), checkedBefore, unknown,
                    log == null ? null : Quarantine.folder(now), log);
            checked = missingBytes.check(service, checkedBefore, countedBefore, swept.heldByCheckedBlobs(), missing);
        } finally {
            if (log != null) {
                log.close();
            }
        }
        Path kept = log == null || log.fixes() == 0 ? null : log.file();
        if (log != null && kept == null) {
            deleteEmpty(log.file());
        }
        return new DoctorReport(service.name(), log != null, duplicates.finding(), orphaned.finding(), missing.finding(),
                unknown.finding(), swept.listed(), checked, kept, Math.round((System.nanoTime() - started) / 1e6) / 1e3);
    }

    private static void deleteEmpty(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the empty fix log " + file + ": " + e.getMessage(), e);
        }
    }
}

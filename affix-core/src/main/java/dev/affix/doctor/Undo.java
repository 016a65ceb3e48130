package dev.affix.doctor;

import dev.affix.attachment.AttachmentRepository;
import dev.affix.db.Database;
import dev.affix.json.Json;
import dev.affix.storage.StorageServices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes back the repairs of a fix log, line by line: a detached attachment is written back with its
 * own id (under its slot's lock) if its blob still exists; a quarantined object is copied back to its
 * key, verified, and its copy removed. Running it twice is harmless: what is back already is counted
 * as in place. A has-one slot gets its older attachments back too: that is what the run changed.
 */
final class Undo {

    private final Database own;
    private final DoctorRows rows;
    private final AttachmentRepository attachments;
    private final Quarantine quarantine;
    private final StorageServices services;
    private final int problemLimit;
    private long restoredAttachments;
    private long restoredObjects;
    private long inPlace;
    private long failed;
    private final List<String> problems = new ArrayList<>();

    Undo(Database own, DoctorRows rows, AttachmentRepository attachments, Quarantine quarantine, StorageServices services,
            int problemLimit) {
        this.own = own;
        this.rows = rows;
        this.attachments = attachments;
        this.quarantine = quarantine;
        this.services = services;
        this.problemLimit = problemLimit;
    }

    UndoReport run(Path file) {
        long started = System.nanoTime();
        FixLog.read(file, rows.blobsTable(), fix -> {
            try {
                if (fix instanceof Fix.Detach detach) {
                    restore(detach);
                } else if (fix instanceof Fix.Quarantine moved) {
                    restore(moved);
                }
            } catch (RuntimeException e) {
                failed(fix, e.getMessage());
            }
        });
        return new UndoReport(file, restoredAttachments, restoredObjects, inPlace, failed, problems,
                Math.round((System.nanoTime() - started) / 1e6) / 1e3);
    }

    private enum Written { RESTORED, IN_PLACE, BLOB_GONE }

    private void restore(Fix.Detach detach) {
        AttachmentRow row = detach.attachment();
        Written outcome = own.inTransaction(c -> {
            attachments.lockSlot(c, row.record(), row.name());
            if (rows.attachmentExists(c, row.id())) {
                return Written.IN_PLACE;
            }
            if (!rows.blobExists(c, row.blobId())) {
                return Written.BLOB_GONE;
            }
            rows.restore(c, row);
            return Written.RESTORED;
        });
        switch (outcome) {
            case RESTORED -> restoredAttachments++;
            case IN_PLACE -> inPlace++;
            case BLOB_GONE -> failed(detach, "blob " + row.blobId() + " was purged since (a cleanup of unattached blobs?), so the "
                    + "attachment cannot come back");
        }
    }

    private void restore(Fix.Quarantine moved) {
        switch (quarantine.restore(services.get(moved.serviceName()), moved)) {
            case RESTORED -> restoredObjects++;
            case IN_PLACE -> inPlace++;
        }
    }

    private void failed(Fix fix, String problem) {
        failed++;
        if (problems.size() < problemLimit) {
            problems.add(Json.write(fix.asJson()) + ": " + problem);
        }
    }
}

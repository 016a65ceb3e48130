package dev.affix.doctor;

import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.db.Database;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attachments whose record is gone (a record deleted without {@code recordDeleted}, by a cron job or
 * by hand), for the declarations that name their record table. The repair detaches them, checking
 * once more in the deleting statement that the record is still missing; their blobs stay.
 */
final class OrphanAttachments {

    private static final int PAGE = 500;

    private final Database own;
    private final DoctorRows rows;

    OrphanAttachments(Database own, DoctorRows rows) {
        this.own = own;
        this.rows = rows;
    }

    /** A declaration that names its record table, and that table as the database spells it. */
    record Target(AttachmentDeclaration declaration, RecordTableColumn records) {
    }

    /** The declarations to check, with their tables looked up (a missing one is refused here). */
    List<Target> targets(Iterable<AttachmentDeclaration> declarations) {
        List<Target> targets = new ArrayList<>();
        for (AttachmentDeclaration declaration : declarations) {
            if (declaration.recordTable() != null) {
                targets.add(new Target(declaration, own.read(c -> RecordTableColumn.resolve(c, own.dialect(), declaration))));
            }
        }
        return targets;
    }

    /** Finds them, and repairs them when {@code log} is not null. */
    void check(List<Target> targets, Tally tally, FixLog log) {
        for (Target target : targets) {
            if (log == null) {
                report(target.declaration(), target.records(), tally);
            } else {
                repair(target.declaration(), target.records(), tally, log);
            }
        }
    }

    private void report(AttachmentDeclaration declaration, RecordTableColumn records, Tally tally) {
        long count = own.read(c -> rows.countOrphans(c, declaration.recordType(), declaration.name(), records));
        List<AttachmentRow> first = count == 0 ? List.of()
                : own.read(c -> rows.orphans(c, declaration.recordType(), declaration.name(), records, 0, PAGE));
        tally.found(count, first.stream().map(OrphanAttachments::sample).toList());
    }

    private void repair(AttachmentDeclaration declaration, RecordTableColumn records, Tally tally, FixLog log) {
        long after = 0;
        List<AttachmentRow> page;
        do {
            long from = after;
            page = own.read(c -> rows.orphans(c, declaration.recordType(), declaration.name(), records, from, PAGE));
            List<AttachmentRow> candidates = page;
            List<AttachmentRow> detached = own.inTransaction(c -> {
                List<AttachmentRow> done = new ArrayList<>();
                for (AttachmentRow row : candidates) {
                    if (rows.detachOrphan(c, row.id(), records)) {
                        log.write(new Fix.Detach(Fix.ORPHAN, row));
                        done.add(row);
                    }
                }
                log.flush();
                return done;
            });
            for (AttachmentRow row : detached) {
                tally.found(sample(row));
                tally.fixed();
            }
            if (!page.isEmpty()) {
                after = page.get(page.size() - 1).id();
            }
        } while (page.size() == PAGE);
    }

    private static Map<String, Object> sample(AttachmentRow row) {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("attachment_id", row.id());
        sample.put("record", row.record().toString());
        sample.put("name", row.name());
        sample.put("blob_id", row.blobId());
        return sample;
    }
}

package dev.affix.doctor;

import dev.affix.attachment.Attachment;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.AttachmentRepository;
import dev.affix.attachment.RecordRef;
import dev.affix.db.Database;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Has-one slots that hold more than one attachment (two attaches that raced, or an application that
 * inserted rows itself). The repair keeps the newest, the attachment made last (the highest id, the
 * one a has-one shows), and detaches the others under the slot's lock; their blobs stay.
 */
final class HasOneDuplicates {

    private static final int PAGE = 500;

    private final Database own;
    private final DoctorRows rows;
    private final AttachmentRepository attachments;

    HasOneDuplicates(Database own, DoctorRows rows, AttachmentRepository attachments) {
        this.own = own;
        this.rows = rows;
        this.attachments = attachments;
    }

    /** Finds them for every has-one declaration, and repairs them when {@code log} is not null. */
    void check(Iterable<AttachmentDeclaration> declarations, Tally tally, FixLog log) {
        for (AttachmentDeclaration declaration : declarations) {
            if (declaration.kind() != AttachmentDeclaration.Kind.ONE) {
                continue;
            }
            String after = null;
            List<String> page;
            do {
                String from = after;
                page = own.read(c -> rows.crowdedSlots(c, declaration.recordType(), declaration.name(), from, PAGE));
                for (String recordId : page) {
                    RecordRef record = new RecordRef(declaration.recordType(), recordId);
                    if (log == null) {
                        tally.found(tally.wantsSample() ? sample(record, declaration.name(), own.read(c -> attachments.find(c, record,
                                declaration.name()))) : null);
                    } else {
                        repair(record, declaration.name(), tally, log);
                    }
                    after = recordId;
                }
            } while (page.size() == PAGE);
        }
    }

    private void repair(RecordRef record, String name, Tally tally, FixLog log) {
        Map<String, Object> sample = own.inTransaction(c -> {
            attachments.lockSlot(c, record, name);
            List<Attachment> held = attachments.find(c, record, name);
            if (held.size() < 2) {
                // repaired meanwhile
                return null;
            }
            for (Attachment older : held.subList(0, held.size() - 1)) {
                attachments.delete(c, older.id());
                log.write(new Fix.Detach(Fix.DUPLICATE, new AttachmentRow(older.id(), older.name(), record.type(), record.id(),
                        older.blob().id(), older.createdAt())));
            }
            log.flush();
            return sample(record, name, held);
        });
        if (sample != null) {
            tally.found(sample);
            tally.fixed();
        }
    }

    /** The slot, its attachments oldest first, and the one kept. */
    private static Map<String, Object> sample(RecordRef record, String name, List<Attachment> held) {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("record", record.toString());
        sample.put("name", name);
        sample.put("attachment_ids", held.stream().map(Attachment::id).toList());
        sample.put("blob_ids", held.stream().map(a -> a.blob().id()).toList());
        sample.put("kept_attachment_id", held.isEmpty() ? null : held.get(held.size() - 1).id());
        return sample;
    }
}

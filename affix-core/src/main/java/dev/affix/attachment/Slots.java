package dev.affix.attachment;

import dev.affix.db.Database;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns (record object, name) into declared has-one and has-many handles; applies declarations on record deletion. */
public final class Slots {

    private final Attacher attacher;
    private final Declarations declarations;
    private final RecordTypes recordTypes;

    public Slots(Attacher attacher, Declarations declarations, RecordTypes recordTypes) {
        this.attacher = attacher;
        this.declarations = declarations;
        this.recordTypes = recordTypes;
    }

    public Slots using(Database database) {
        return new Slots(attacher.using(database), declarations, recordTypes);
    }

    public Slots forTenant(String tenant) {
        return new Slots(attacher.forTenant(tenant), declarations, recordTypes);
    }

    public Declarations declarations() {
        return declarations;
    }

    public HasOne one(Object record, String name) {
        RecordRef ref = recordTypes.identify(record);
        return new HasOne(attacher, ref, declarations.require(ref.type(), name, AttachmentDeclaration.Kind.ONE));
    }

    public HasMany many(Object record, String name) {
        RecordRef ref = recordTypes.identify(record);
        return new HasMany(attacher, ref, declarations.require(ref.type(), name, AttachmentDeclaration.Kind.MANY));
    }

    public Map<RecordRef, List<Attachment>> attachmentsOf(String recordType, String name, Collection<?> ids) {
        if (name != null) {
            declarations.require(recordType, name);
        }
        List<String> textIds = ids.stream().map(String::valueOf).distinct().toList();
        Map<RecordRef, List<Attachment>> byRecord = new LinkedHashMap<>();
        textIds.forEach(id -> byRecord.put(new RecordRef(recordType, id), new ArrayList<>()));
        for (Attachment attachment : attacher.findForRecords(recordType, name, textIds)) {
            byRecord.computeIfAbsent(attachment.record(), r -> new ArrayList<>()).add(attachment);
        }
        return byRecord;
    }

    /** How many attachments the declaration has over all records. */
    public long count(AttachmentDeclaration declaration) {
        return attacher.count(declaration);
    }

    /** A page of the declaration's attachments over all records, in id order after {@code afterId}. */
    public List<Attachment> page(AttachmentDeclaration declaration, long afterId, int limit) {
        return attacher.page(declaration, afterId, limit);
    }

    /** The attachments that use any of these blobs (records' and variant records' alike), in one query. */
    public List<Attachment> attachmentsOfBlobs(Collection<Long> blobIds) {
        return attacher.findForBlobs(blobIds);
    }

    public void recordDeleted(Object record) {
        RecordRef ref = recordTypes.identify(record);
        for (AttachmentDeclaration declaration : declarations.ofType(ref.type())) {
            switch (declaration.dependent()) {
                case PURGE -> attacher.purge(ref, declaration, a -> true);
                case PURGE_LATER -> attacher.purgeLater(ref, declaration, a -> true);
                case KEEP -> {
                    // the application keeps the files of deleted records
                }
            }
        }
    }
}

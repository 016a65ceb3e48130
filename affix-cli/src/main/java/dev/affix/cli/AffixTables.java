package dev.affix.cli;

import dev.affix.attachment.Attachment;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.AttachmentRepository;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.blob.BlobDeletion;
import dev.affix.blob.BlobRepository;
import dev.affix.blob.Blobs;
import dev.affix.db.DataSourceDatabase;
import dev.affix.db.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the variants command reads and deletes in Affix's tables that the core's API has no method for:
 * the attachments of a declaration a page at a time (the core lists those of records it is given),
 * the slots that use a blob, and deleting one variant record with its image. The core's repositories
 * do whatever they have a method for, and the image goes through the core's {@link BlobDeletion}, so
 * its bytes are recorded for deletion in the same transaction as every purge's are.
 */
final class AffixTables {

    /** An attachment of a declaration, with its blob. */
    record AttachedBlob(long attachmentId, RecordRef record, Blob blob) {
    }

    /** A record type and attachment name: where a blob is attached. */
    record Slot(String recordType, String name) {
        String qualifiedName() {
            return recordType + "." + name;
        }
    }

    private final DataSourceDatabase database;
    private final Blobs blobs;
    private final Schema schema;
    private final BlobRepository blobRows;
    private final AttachmentRepository attachments;

    AffixTables(DataSourceDatabase database, Blobs blobs, String tablePrefix) {
        this.database = database;
        this.blobs = blobs;
        this.schema = Schema.inspect(database.dataSource(), tablePrefix);
        this.blobRows = new BlobRepository(schema, database.dialect());
        this.attachments = new AttachmentRepository(schema, database.dialect(), blobRows);
    }

    /** How many attachments the declaration has, over all records. */
    long count(AttachmentDeclaration declaration) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM " + schema.attachments()
                    + " WHERE record_type = ? AND name = ?")) {
                select.setString(1, declaration.recordType());
                select.setString(2, declaration.name());
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    /** The declaration's attachments over all records, in attachment id order after {@code afterId}. */
    List<AttachedBlob> page(AttachmentDeclaration declaration, long afterId, int limit) {
        String sql = "SELECT a.id, a.record_id, " + blobRows.columns("b") + " FROM " + schema.attachments() + " a JOIN "
                + schema.blobs() + " b ON b.id = a.blob_id WHERE a.record_type = ? AND a.name = ? AND a.id > ? ORDER BY a.id LIMIT "
                + limit;
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(sql)) {
                select.setString(1, declaration.recordType());
                select.setString(2, declaration.name());
                select.setLong(3, afterId);
                List<AttachedBlob> page = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        page.add(new AttachedBlob(rows.getLong(1), RecordRef.of(declaration.recordType(), rows.getString(2).trim()),
                                BlobRepository.read(rows, 3)));
                    }
                }
                return page;
            }
        });
    }

    /** Where each of the blobs is attached, in one statement. */
    Map<Long, Set<Slot>> slotsOf(Collection<Long> blobIds) {
        if (blobIds.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", Collections.nCopies(blobIds.size(), "?"));
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT blob_id, record_type, name FROM " + schema.attachments()
                    + " WHERE blob_id IN (" + marks + ")")) {
                int index = 1;
                for (long id : blobIds) {
                    select.setLong(index++, id);
                }
                Map<Long, Set<Slot>> slots = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        slots.computeIfAbsent(rows.getLong(1), k -> new HashSet<>()).add(new Slot(rows.getString(2), rows.getString(3)));
                    }
                }
                return slots;
            }
        });
    }

    /**
     * Deletes the variant record whose image this is, its {@code image} attachment, and the image's
     * blob row (unless something else uses it), in one transaction that holds the original's row lock
     * as recording a variant does; the image's bytes are recorded for deletion in it, and deleted by
     * the next drain of pending deletions. False if it was gone already.
     */
    boolean deleteVariant(Blob image) {
        return database.inTransaction(c -> {
            boolean deleted = false;
            for (long record : variantRecordsOf(c, image)) {
                Long original = originalOf(c, record);
                if (original == null || !blobRows.lock(c, original)) {
                    // purged with its original meanwhile
                    continue;
                }
                for (Attachment attachment : attachments.find(c, RecordRef.of(BlobDeletion.VARIANT_RECORD, record), BlobDeletion.VARIANT_IMAGE)) {
                    attachments.delete(c, attachment.id());
                }
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + schema.variantRecords() + " WHERE id = ?")) {
                    delete.setLong(1, record);
                    deleted |= delete.executeUpdate() > 0;
                }
            }
            if (deleted && !attachments.isAttached(c, image.id())) {
                blobs.deletion().delete(c, image);
            }
            return deleted;
        });
    }

    /** The variant records whose image is this blob (one, as Affix and Rails record them). */
    private List<Long> variantRecordsOf(Connection connection, Blob image) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT record_id FROM " + schema.attachments()
                + " WHERE blob_id = ? AND record_type = ? AND name = ?")) {
            select.setLong(1, image.id());
            select.setString(2, BlobDeletion.VARIANT_RECORD);
            select.setString(3, BlobDeletion.VARIANT_IMAGE);
            List<Long> records = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    records.add(Long.parseLong(rows.getString(1).trim()));
                }
            }
            return records;
        }
    }

    private Long originalOf(Connection connection, long variantRecord) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT blob_id FROM " + schema.variantRecords() + " WHERE id = ?")) {
            select.setLong(1, variantRecord);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }
}

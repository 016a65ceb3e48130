package dev.affix.doctor;

import dev.affix.blob.BlobRepository;
import dev.affix.db.Dialect;
import dev.affix.db.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The queries only the doctor asks, on a connection the caller's transaction owns. */
final class DoctorRows {

    /** Who holds a key in the blobs table: which service, since when. */
    record KeyHolder(String serviceName, Instant createdAt) {
    }

    private final Schema schema;
    private final Dialect dialect;
    private final String key;
    private final String attachmentColumns;

    DoctorRows(Schema schema, Dialect dialect) {
        this.schema = schema;
        this.dialect = dialect;
        this.key = dialect.keyColumn();
        this.attachmentColumns = "id, name, record_type, record_id, blob_id, created_at";
    }

    /** The tables these queries run on, as the fix log names them. */
    String blobsTable() {
        return schema.blobs();
    }

    /**
     * Record ids (after {@code afterRecordId}, null for the first page, in the column's order) whose
     * slot (type, name) holds more than one attachment.
     */
    List<String> crowdedSlots(Connection connection, String recordType, String name, String afterRecordId, int limit)
            throws SQLException {
        String sql = "SELECT record_id FROM " + schema.attachments() + " WHERE record_type = ? AND name = ?"
                + (afterRecordId == null ? "" : " AND record_id > ?") + " GROUP BY record_id HAVING COUNT(*) > 1 ORDER BY record_id LIMIT "
                + limit;
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, recordType);
            select.setString(2, name);
            if (afterRecordId != null) {
                bindRecordId(select, 3, afterRecordId);
            }
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }

    /** How many attachments of (type, name) name a record that the record table does not hold. */
    long countOrphans(Connection connection, String recordType, String name, RecordTableColumn records) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM " + schema.attachments()
                + " WHERE record_type = ? AND name = ? AND " + orphaned(records))) {
            select.setString(1, recordType);
            select.setString(2, name);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** A page of those attachments, in id order after {@code afterId}. */
    List<AttachmentRow> orphans(Connection connection, String recordType, String name, RecordTableColumn records, long afterId, int limit)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + attachmentColumns + " FROM " + schema.attachments()
                + " WHERE record_type = ? AND name = ? AND id > ? AND " + orphaned(records) + " ORDER BY id LIMIT " + limit)) {
            select.setString(1, recordType);
            select.setString(2, name);
            select.setLong(3, afterId);
            List<AttachmentRow> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(new AttachmentRow(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getLong(5),
                            BlobRepository.instant(rows, 6)));
                }
            }
            return found;
        }
    }

    /** Deletes the attachment if its record is still missing (it may have come back since it was read); false if not. */
    boolean detachOrphan(Connection connection, long attachmentId, RecordTableColumn records) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + schema.attachments() + " WHERE id = ? AND "
                + orphaned(records))) {
            delete.setLong(1, attachmentId);
            return delete.executeUpdate() == 1;
        }
    }

    /** The record's row is missing; record_id and the id column compared as numbers, or else as text. */
    private String orphaned(RecordTableColumn records) {
        String ours = schema.attachments() + ".record_id";
        String theirs = "r." + records.column();
        boolean oursNumeric = schema.numericRecordIds();
        String comparison;
        if (oursNumeric && records.kind() == RecordTableColumn.IdKind.NUMBER
                || !oursNumeric && records.kind() == RecordTableColumn.IdKind.TEXT) {
            comparison = theirs + " = " + ours;
        } else if (oursNumeric && records.kind() == RecordTableColumn.IdKind.TEXT) {
            comparison = theirs + " = " + dialect.asText(ours);
        } else {
            comparison = dialect.asText(theirs) + " = " + (oursNumeric ? dialect.asText(ours) : ours);
        }
        return "NOT EXISTS (SELECT 1 FROM " + records.table() + " r WHERE " + comparison + ")";
    }

    /** Who holds each of these keys in the blobs table (any service); keys nobody holds are absent. */
    Map<String, KeyHolder> holders(Connection connection, List<String> keys) throws SQLException {
        Map<String, KeyHolder> holders = new HashMap<>();
        if (keys.isEmpty()) {
            return holders;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT " + key + ", service_name, created_at FROM " + schema.blobs()
                + " WHERE " + key + " IN (" + marks(keys.size()) + ")")) {
            bindTexts(select, 1, keys);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    holders.put(rows.getString(1), new KeyHolder(rows.getString(2), BlobRepository.instant(rows, 3)));
                }
            }
        }
        return holders;
    }

    /** Which of these keys wait in the pending deletions table of one of the services (to go, or an upload on its way). */
    Set<String> pending(Connection connection, List<String> keys, Collection<String> serviceNames) throws SQLException {
        Set<String> found = new HashSet<>();
        if (keys.isEmpty()) {
            return found;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT " + key + " FROM " + schema.pendingDeletions() + " WHERE "
                + key + " IN (" + marks(keys.size()) + ") AND service_name IN (" + marks(serviceNames.size()) + ")")) {
            bindTexts(select, 1, keys);
            bindTexts(select, 1 + keys.size(), serviceNames);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    /** Withdraws every pending deletion of the key in the service: an object put back must stay. */
    void cancelPending(Connection connection, String serviceName, String objectKey) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + schema.pendingDeletions()
                + " WHERE service_name = ? AND " + key + " = ?")) {
            delete.setString(1, serviceName);
            delete.setString(2, objectKey);
            delete.executeUpdate();
        }
    }

    /** How many blobs of the service were made before the given time. */
    long countBlobs(Connection connection, String serviceName, Instant createdBefore) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM " + schema.blobs()
                + " WHERE service_name = ? AND created_at < ?")) {
            select.setString(1, serviceName);
            select.setObject(2, BlobRepository.timestamp(createdBefore));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    boolean attachmentExists(Connection connection, long id) throws SQLException {
        return exists(connection, schema.attachments(), id);
    }

    boolean blobExists(Connection connection, long id) throws SQLException {
        return exists(connection, schema.blobs(), id);
    }

    /** Writes a detached attachment back with its own id, so that it is the very row it was. */
    void restore(Connection connection, AttachmentRow row) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema.attachments() + " (" + attachmentColumns
                + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, row.id());
            insert.setString(2, row.name());
            insert.setString(3, row.recordType());
            bindRecordId(insert, 4, row.recordId());
            insert.setLong(5, row.blobId());
            insert.setObject(6, BlobRepository.timestamp(row.createdAt()));
            insert.executeUpdate();
        }
    }

    private static boolean exists(Connection connection, String table, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private void bindRecordId(PreparedStatement statement, int index, String id) throws SQLException {
        if (schema.numericRecordIds()) {
            statement.setLong(index, Long.parseLong(id));
        } else {
            statement.setString(index, id);
        }
    }

    private static void bindTexts(PreparedStatement statement, int first, Collection<String> values) throws SQLException {
        int index = first;
        for (String value : values) {
            statement.setString(index++, value);
        }
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}

package dev.affix.attachment;

import dev.affix.blob.Blob;
import dev.affix.blob.BlobRepository;
import dev.affix.db.Dialect;
import dev.affix.db.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** The attachments and attachment-slot tables, on a connection the caller's transaction owns. */
public final class AttachmentRepository {

    private final Schema schema;
    private final Dialect dialect;
    private final String select;

    public AttachmentRepository(Schema schema, Dialect dialect, BlobRepository blobs) {
        this.schema = schema;
        this.dialect = dialect;
        this.select = "SELECT a.id, a.name, a.record_type, a.record_id, a.created_at, " + blobs.columns("b") + " FROM "
                + schema.attachments() + " a JOIN " + schema.blobs() + " b ON b.id = a.blob_id";
    }

    /** Takes the row lock of (record, name) until the transaction ends: writers of one slot take turns. */
    public void lockSlot(Connection connection, RecordRef record, String name) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(dialect.lockSlotSql(schema.attachmentSlots()))) {
            lock.setString(1, record.type());
            bindRecordId(lock, 2, record.id());
            lock.setString(3, name);
            lock.executeUpdate();
        }
    }

    /** The attachments of (record, name), oldest first. */
    public List<Attachment> find(Connection connection, RecordRef record, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                select + " WHERE a.record_type = ? AND a.record_id = ? AND a.name = ? ORDER BY a.id")) {
            query.setString(1, record.type());
            bindRecordId(query, 2, record.id());
            query.setString(3, name);
            return read(query);
        }
    }

    /**
     * The attachments of (record, name), oldest first, row-locked until the transaction ends, read as
     * committed now: a writer of the table that does not take the slot's lock (a Rails application)
     * and changes one of them makes this wait for it, and waits for this transaction in turn. On
     * MariaDB the lock covers the slot's index range, so an insert into the slot waits too.
     *
     * <p>An empty slot is not locked: there is no row to lock, and on MariaDB the range lock of an empty
     * slot is a gap lock that concurrent attaches to neighbouring new records share and then all insert
     * into, which deadlocks them (seen with ten attaches at once inside application transactions, where
     * a deadlock cannot be retried). A foreign writer filling an empty slot meanwhile is the race the
     * slot table cannot stop either.
     */
    public List<Attachment> findForUpdate(Connection connection, RecordRef record, String name) throws SQLException {
        if (isEmpty(connection, record, name)) {
            return List.of();
        }
        try (PreparedStatement query = connection.prepareStatement(
                select + " WHERE a.record_type = ? AND a.record_id = ? AND a.name = ? ORDER BY a.id" + dialect.forUpdateOf("a"))) {
            query.setString(1, record.type());
            bindRecordId(query, 2, record.id());
            query.setString(3, name);
            return read(query);
        }
    }

    /** Points an attachment at another blob, in place: a writer waiting to delete the row deletes it with its new blob. */
    public void replaceBlob(Connection connection, long attachmentId, Blob blob, Instant createdAt) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + schema.attachments()
                + " SET blob_id = ?, created_at = ? WHERE id = ?")) {
            update.setLong(1, blob.id());
            update.setObject(2, BlobRepository.timestamp(createdAt));
            update.setLong(3, attachmentId);
            update.executeUpdate();
        }
    }

    /** Whether (record, name) has any attachment. */
    public boolean isEmpty(Connection connection, RecordRef record, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM " + schema.attachments()
                + " WHERE record_type = ? AND record_id = ? AND name = ? LIMIT 1")) {
            query.setString(1, record.type());
            bindRecordId(query, 2, record.id());
            query.setString(3, name);
            try (ResultSet rows = query.executeQuery()) {
                return !rows.next();
            }
        }
    }

    /** How many attachments (record type, name) has over all records. */
    public long count(Connection connection, String recordType, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM " + schema.attachments()
                + " WHERE record_type = ? AND name = ?")) {
            query.setString(1, recordType);
            query.setString(2, name);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** A page of the attachments of (record type, name) over all records, in id order after {@code afterId}. */
    public List<Attachment> page(Connection connection, String recordType, String name, long afterId, int limit) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(select + " WHERE a.record_type = ? AND a.name = ? AND a.id > ?"
                + " ORDER BY a.id LIMIT " + Math.max(1, limit))) {
            query.setString(1, recordType);
            query.setString(2, name);
            query.setLong(3, afterId);
            return read(query);
        }
    }

    /** The attachments that use any of these blobs, in one query. */
    public List<Attachment> findForBlobs(Connection connection, Collection<Long> blobIds) throws SQLException {
        if (blobIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(blobIds.size(), "?"));
        try (PreparedStatement query = connection.prepareStatement(select + " WHERE a.blob_id IN (" + marks + ") ORDER BY a.id")) {
            int index = 1;
            for (long id : blobIds) {
                query.setLong(index++, id);
            }
            return read(query);
        }
    }

    /**
     * The attachments of many records of one type in one query (no N+1), oldest first; all names, or
     * only {@code name} when it is not null.
     */
    public List<Attachment> findForRecords(Connection connection, String recordType, String name, Collection<String> ids)
            throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        String sql = select + " WHERE a.record_type = ? AND a.record_id IN (" + marks + ")" + (name == null ? "" : " AND a.name = ?")
                + " ORDER BY a.id";
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            int index = 1;
            query.setString(index++, recordType);
            for (String id : ids) {
                bindRecordId(query, index++, id);
            }
            if (name != null) {
                query.setString(index, name);
            }
            return read(query);
        }
    }

    public Attachment insert(Connection connection, RecordRef record, String name, Blob blob, Instant createdAt) throws SQLException {
        String sql = "INSERT INTO " + schema.attachments() + " (name, record_type, record_id, blob_id, created_at) VALUES (?, ?, ?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, name);
            insert.setString(2, record.type());
            bindRecordId(insert, 3, record.id());
            insert.setLong(4, blob.id());
            insert.setObject(5, BlobRepository.timestamp(createdAt));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return new Attachment(keys.getLong(1), name, record, blob, createdAt);
            }
        }
    }

    public void delete(Connection connection, long attachmentId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + schema.attachments() + " WHERE id = ?")) {
            delete.setLong(1, attachmentId);
            delete.executeUpdate();
        }
    }

    /** Whether any attachment, of any record, uses the blob. */
    public boolean isAttached(Connection connection, long blobId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM " + schema.attachments() + " WHERE blob_id = ? LIMIT 1")) {
            query.setLong(1, blobId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Forgets the slot's lock row once the slot is empty, so the table does not grow with purged records. */
    public void releaseSlot(Connection connection, RecordRef record, String name) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + schema.attachmentSlots()
                + " WHERE record_type = ? AND record_id = ? AND name = ?")) {
            delete.setString(1, record.type());
            bindRecordId(delete, 2, record.id());
            delete.setString(3, name);
            delete.executeUpdate();
        }
    }

    private void bindRecordId(PreparedStatement statement, int index, String id) throws SQLException {
        if (schema.numericRecordIds()) {
            try {
                statement.setLong(index, Long.parseLong(id));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("record id '" + id + "' is not a number, but " + schema.attachments()
                        + " stores numeric record ids");
            }
        } else {
            statement.setString(index, id);
        }
    }

    private static List<Attachment> read(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            List<Attachment> attachments = new ArrayList<>();
            while (rows.next()) {
                RecordRef record = new RecordRef(rows.getString(3), rows.getString(4));
                attachments.add(new Attachment(rows.getLong(1), rows.getString(2), record, BlobRepository.read(rows, 6),
                        BlobRepository.instant(rows, 5)));
            }
            return attachments;
        }
    }
}

package dev.affix.importer;

import dev.affix.blob.BlobRepository;
import dev.affix.db.Dialect;
import dev.affix.db.Schema;
import dev.affix.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statements an import runs for a batch, each over all of the batch's rows at once: multi-row
 * inserts, and lookups with one {@code IN} list. On a connection whose transaction the caller owns.
 */
final class BatchSql {

    /** An object in a service. */
    record ServiceKey(String service, String key) {

        /** Where a row's blob will point. */
        static ServiceKey targetOf(PlannedRow row) {
            return new ServiceKey(row.targetService(), row.targetKey());
        }
    }

    private static final String BLOB_TUPLE = "(?, ?, ?, ?, ?, ?, ?, ?)";

    private final Schema schema;
    private final Dialect dialect;
    private final String keyColumn;

    BatchSql(Schema schema, Dialect dialect) {
        this.schema = schema;
        this.dialect = dialect;
        this.keyColumn = dialect.keyColumn();
    }

    /**
     * On PostgreSQL, has the rest of the transaction look rows up through the indexes: the lookups of a
     * batch touch at most a batch of rows, but the tables grow with the import itself, and statistics
     * taken before it (or never) would have the planner scan them whole, once per batch.
     */
    void preferIndexes(Connection connection) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (Statement set = connection.createStatement()) {
                set.execute("SET LOCAL enable_seqscan = off");
            }
        }
    }

    /**
     * On PostgreSQL, refreshes the statistics of the tables an import writes, so that its lookups by
     * record and key plan as index lookups as the tables grow (an application owner's right; skipped
     * with a warning by the server otherwise). The other databases keep their statistics themselves.
     */
    void refreshStatistics(Connection connection) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (Statement analyze = connection.createStatement()) {
                analyze.execute("ANALYZE " + schema.blobs() + ", " + schema.attachments() + ", " + schema.attachmentSlots());
            }
        }
    }

    /**
     * Takes the row locks of the slots (record, name), creating the rows that are missing, as an
     * attach does for one slot: an attach of the same slot waits, or is waited for. In the order
     * given, which the caller keeps the same for every batch.
     */
    void lockSlots(Connection connection, String recordType, String name, List<String> recordIds) throws SQLException {
        if (recordIds.isEmpty()) {
            return;
        }
        String table = schema.attachmentSlots();
        String values = tuples(recordIds.size(), "(?, ?, ?)");
        String sql = switch (dialect) {
            case H2 -> "MERGE INTO " + table + " (record_type, record_id, name) KEY (record_type, record_id, name) VALUES " + values;
            case POSTGRESQL -> "INSERT INTO " + table + " (record_type, record_id, name) VALUES " + values
                    + " ON CONFLICT (record_type, record_id, name) DO UPDATE SET name = EXCLUDED.name";
            case MARIADB -> "INSERT INTO " + table + " (record_type, record_id, name) VALUES " + values
                    + " ON DUPLICATE KEY UPDATE name = VALUES(name)";
        };
        try (PreparedStatement lock = connection.prepareStatement(sql)) {
            int index = 1;
            for (String id : recordIds) {
                lock.setString(index++, recordType);
                bindRecordId(lock, index++, id);
                lock.setString(index++, name);
            }
            lock.executeUpdate();
        }
    }

    /** Whether any record has an attachment under the name. */
    boolean anyAttached(Connection connection, String recordType, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM " + schema.attachments()
                + " WHERE record_type = ? AND name = ? LIMIT 1")) {
            select.setString(1, recordType);
            select.setString(2, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Those of the records that already have an attachment under the name. */
    Set<String> attached(Connection connection, String recordType, String name, Collection<String> recordIds) throws SQLException {
        Set<String> found = new HashSet<>();
        if (recordIds.isEmpty()) {
            return found;
        }
        String sql = "SELECT record_id FROM " + schema.attachments() + " WHERE record_type = ? AND name = ? AND record_id IN ("
                + marks(recordIds.size()) + ")";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, recordType);
            select.setString(2, name);
            int index = 3;
            for (String id : recordIds) {
                bindRecordId(select, index++, id);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    /** The blobs that already have any of the keys (keys are unique over all services), by key. */
    Map<String, Long> blobsAt(Connection connection, Collection<String> keys) throws SQLException {
        Map<String, Long> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        String sql = "SELECT " + keyColumn + ", id FROM " + schema.blobs() + " WHERE " + keyColumn + " IN (" + marks(keys.size()) + ")";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bindAll(select, 1, keys);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return found;
    }

    /**
     * The objects among these keys that a pending deletion waits for; with {@code lock}, the entries
     * are locked until the transaction ends (a locking read sees the latest committed entries on every
     * database, so a deletion recorded by a transaction that committed meanwhile is seen, and a drain
     * waits).
     */
    Set<ServiceKey> pendingDeletions(Connection connection, Collection<String> keys, boolean lock) throws SQLException {
        Set<ServiceKey> found = new HashSet<>();
        if (keys.isEmpty()) {
            return found;
        }
        String sql = "SELECT service_name, " + keyColumn + " FROM " + schema.pendingDeletions() + " WHERE " + keyColumn + " IN ("
                + marks(keys.size()) + ")" + (lock ? " FOR UPDATE" : "");
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bindAll(select, 1, keys);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(new ServiceKey(rows.getString(1), rows.getString(2)));
                }
            }
        }
        return found;
    }

    /**
     * Records that new objects are about to be written at these keys, due for deletion at
     * {@code due} unless the transaction that records their blobs removes the entries first: a copy
     * whose import never commits is cleaned up, as an upload's is.
     */
    void reserve(Connection connection, Collection<ServiceKey> objects, Instant now, Instant due) throws SQLException {
        if (objects.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO " + schema.pendingDeletions() + " (service_name, " + keyColumn + ", created_at, attempts, next_attempt_at) "
                + "VALUES " + tuples(objects.size(), "(?, ?, ?, 0, ?)");
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int index = 1;
            for (ServiceKey object : objects) {
                insert.setString(index++, object.service());
                insert.setString(index++, object.key());
                insert.setObject(index++, BlobRepository.timestamp(now));
                insert.setObject(index++, BlobRepository.timestamp(due));
            }
            insert.executeUpdate();
        }
    }

    /**
     * Removes the reservations of these objects that no drain has taken yet; returns the objects
     * whose reservation was taken (their bytes may be gone: they must not get a blob).
     */
    Set<ServiceKey> cancelReservations(Connection connection, Collection<ServiceKey> objects) throws SQLException {
        Set<ServiceKey> taken = new HashSet<>(objects);
        if (objects.isEmpty()) {
            return taken;
        }
        List<String> keys = objects.stream().map(ServiceKey::key).toList();
        String sql = "SELECT service_name, " + keyColumn + ", id FROM " + schema.pendingDeletions() + " WHERE attempts = 0 AND "
                + keyColumn + " IN (" + marks(keys.size()) + ") FOR UPDATE";
        List<Long> cancelled = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bindAll(select, 1, keys);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (taken.remove(new ServiceKey(rows.getString(1), rows.getString(2)))) {
                        cancelled.add(rows.getLong(3));
                    }
                }
            }
        }
        deleteByIds(connection, schema.pendingDeletions(), cancelled);
        return taken;
    }

    /**
     * Inserts the blob rows; returns their ids by key: PostgreSQL returns each row's key with its id,
     * elsewhere they are read back by key (MariaDB returns only the first id of a multi-row insert).
     */
    Map<String, Long> insertBlobs(Connection connection, List<BlobRepository.NewRow> blobs) throws SQLException {
        if (blobs.isEmpty()) {
            return Map.of();
        }
        String sql = "INSERT INTO " + schema.blobs() + " (" + keyColumn + ", filename, content_type, metadata, service_name, byte_size, "
                + "checksum, created_at) VALUES " + tuples(blobs.size(), BLOB_TUPLE);
        boolean returning = dialect == Dialect.POSTGRESQL;
        Map<String, Long> ids = new HashMap<>();
        try (PreparedStatement insert = returning ? connection.prepareStatement(sql, new String[] {"id", "key"})
                : connection.prepareStatement(sql)) {
            int index = 1;
            for (BlobRepository.NewRow blob : blobs) {
                insert.setString(index++, blob.key());
                insert.setString(index++, blob.filename());
                insert.setString(index++, blob.contentType());
                insert.setString(index++, Json.write(blob.metadata()));
                insert.setString(index++, blob.serviceName());
                insert.setLong(index++, blob.byteSize());
                insert.setString(index++, blob.checksum() == null ? null : blob.checksum().toString());
                insert.setObject(index++, BlobRepository.timestamp(blob.createdAt()));
            }
            insert.executeUpdate();
            if (returning) {
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    while (keys.next()) {
                        ids.put(keys.getString(2), keys.getLong(1));
                    }
                }
            }
        }
        if (!returning) {
            ids.putAll(blobsAt(connection, blobs.stream().map(BlobRepository.NewRow::key).toList()));
        }
        if (ids.size() != blobs.size()) {
            throw new SQLException("the database returned " + ids.size() + " ids for " + blobs.size() + " new blob rows");
        }
        return ids;
    }

    void deleteBlobs(Connection connection, Collection<Long> ids) throws SQLException {
        deleteByIds(connection, schema.blobs(), ids);
    }

    /** Attaches each blob to its record under the name, created when the blob was. */
    void insertAttachments(Connection connection, String recordType, String name, List<Attaching> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO " + schema.attachments() + " (name, record_type, record_id, blob_id, created_at) VALUES "
                + tuples(rows.size(), "(?, ?, ?, ?, ?)");
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int index = 1;
            for (Attaching row : rows) {
                insert.setString(index++, name);
                insert.setString(index++, recordType);
                bindRecordId(insert, index++, row.recordId());
                insert.setLong(index++, row.blobId());
                insert.setObject(index++, BlobRepository.timestamp(row.createdAt()));
            }
            insert.executeUpdate();
        }
    }

    /** A blob to attach to a record. */
    record Attaching(String recordId, long blobId, Instant createdAt) {
    }

    private void deleteByIds(Connection connection, String table, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE id IN (" + marks(ids.size()) + ")")) {
            int index = 1;
            for (long id : ids) {
                delete.setLong(index++, id);
            }
            delete.executeUpdate();
        }
    }

    private void bindRecordId(PreparedStatement statement, int index, String id) throws SQLException {
        if (schema.numericRecordIds()) {
            statement.setLong(index, Long.parseLong(id));
        } else {
            statement.setString(index, id);
        }
    }

    private static void bindAll(PreparedStatement statement, int first, Collection<String> values) throws SQLException {
        int index = first;
        for (String value : values) {
            statement.setString(index++, value);
        }
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static String tuples(int count, String tuple) {
        return String.join(", ", Collections.nCopies(count, tuple));
    }
}

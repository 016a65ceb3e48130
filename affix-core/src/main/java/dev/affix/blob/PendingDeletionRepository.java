package dev.affix.blob;

import dev.affix.db.Dialect;
import dev.affix.db.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The pending deletions table (an outbox), on a connection the caller's transaction owns. An entry
 * is taken for one attempt by raising its {@code attempts}, only if nobody raised it since it was
 * read, so that concurrent drains (threads, JVMs) share the work without locks held across the
 * storage call; an upload's reservation is cancelled only while nobody has taken it.
 */
public final class PendingDeletionRepository {

    private static final int MAX_ERROR_LENGTH = 1000;

    private final Schema schema;
    private final String keyColumn;

    public PendingDeletionRepository(Schema schema, Dialect dialect) {
        this.schema = schema;
        this.keyColumn = dialect.keyColumn();
    }

    /** Records that the object at {@code key} is to be deleted once {@code dueAt} has come. */
    public PendingDeletion insert(Connection connection, String serviceName, String key, Instant now, Instant dueAt)
            throws SQLException {
        String sql = "INSERT INTO " + schema.pendingDeletions() + " (service_name, " + keyColumn
                + ", created_at, attempts, next_attempt_at) VALUES (?, ?, ?, 0, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, serviceName);
            insert.setString(2, key);
            insert.setObject(3, BlobRepository.timestamp(now));
            insert.setObject(4, BlobRepository.timestamp(dueAt));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return new PendingDeletion(keys.getLong(1), serviceName, key, 0);
            }
        }
    }

    /**
     * Entries after {@code afterId}, in id order, whose next attempt has come, or (when
     * {@code createdBefore} is not null) that were made before it whenever they are due.
     */
    public List<PendingDeletion> due(Connection connection, Instant now, Instant createdBefore, long afterId, int limit)
            throws SQLException {
        String sql = "SELECT id, service_name, " + keyColumn + ", attempts FROM " + schema.pendingDeletions()
                + " WHERE id > ? AND (next_attempt_at <= ?" + (createdBefore == null ? "" : " OR created_at < ?")
                + ") ORDER BY id LIMIT " + limit;
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, afterId);
            select.setObject(2, BlobRepository.timestamp(now));
            if (createdBefore != null) {
                select.setObject(3, BlobRepository.timestamp(createdBefore));
            }
            try (ResultSet rows = select.executeQuery()) {
                List<PendingDeletion> entries = new ArrayList<>();
                while (rows.next()) {
                    entries.add(new PendingDeletion(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getInt(4)));
                }
                return entries;
            }
        }
    }

    /**
     * Takes the entry for one attempt, not due again before {@code leaseUntil} (should this attempt
     * never end); false if another attempt took it, or finished it, since it was read.
     */
    public boolean claim(Connection connection, PendingDeletion entry, Instant leaseUntil) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + schema.pendingDeletions()
                + " SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ? AND attempts = ?")) {
            update.setObject(1, BlobRepository.timestamp(leaseUntil));
            update.setLong(2, entry.id());
            update.setInt(3, entry.attempts());
            return update.executeUpdate() == 1;
        }
    }

    /** Removes an entry that no attempt has taken yet; false if one has (its object may be gone). */
    public boolean cancelUntaken(Connection connection, PendingDeletion entry) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM " + schema.pendingDeletions() + " WHERE id = ? AND attempts = 0")) {
            delete.setLong(1, entry.id());
            return delete.executeUpdate() == 1;
        }
    }

    public void delete(Connection connection, long id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + schema.pendingDeletions() + " WHERE id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
        }
    }

    /** Makes a failed entry due again at {@code at}, keeping what went wrong for whoever looks at the table. */
    public void retryAt(Connection connection, long id, Instant at, String error) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + schema.pendingDeletions() + " SET next_attempt_at = ?, last_error = ? WHERE id = ?")) {
            update.setObject(1, BlobRepository.timestamp(at));
            update.setString(2, error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error);
            update.setLong(3, id);
            update.executeUpdate();
        }
    }
}

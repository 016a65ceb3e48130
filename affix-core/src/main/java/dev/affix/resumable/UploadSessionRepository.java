package dev.affix.resumable;

import static dev.affix.blob.BlobRepository.instant;
import static dev.affix.blob.BlobRepository.timestamp;

import dev.affix.db.Dialect;
import dev.affix.db.Schema;
import dev.affix.json.Json;
import dev.affix.storage.UploadedPart;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The resumable uploads table and its parts, on a connection the caller's transaction owns. Writing to
 * an upload needs its lease: a holder's token and a time until which nobody else may take it, so that
 * two requests (threads, processes) never append to one upload at once, and one that stopped without
 * releasing it blocks the upload only until the lease lapses.
 */
public final class UploadSessionRepository {

    private final Schema schema;
    private final String columns;

    public UploadSessionRepository(Schema schema, Dialect dialect) {
        this.schema = schema;
        this.columns = "id, token, transfer, service_name, " + dialect.keyColumn() + ", filename, content_type, metadata, client_metadata, byte_size,"
                + " byte_offset, digest_state, service_state, part_count, blob_id, created_at, expires_at";
    }

    /** Records a new upload at offset 0, its lease free. */
    public UploadSession insert(Connection connection, String token, UploadSession.Transfer transfer, NewUploadSession spec,
            String serviceName, String key, String digestState, String serviceState, Instant now, Instant expiresAt) throws SQLException {
        String sql = "INSERT INTO " + schema.resumableUploads() + " (" + columns.substring("id, ".length())
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, NULL, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, token);
            insert.setString(2, transfer.name().toLowerCase(Locale.ROOT));
            insert.setString(3, serviceName);
            insert.setString(4, key);
            insert.setString(5, spec.filename());
            insert.setString(6, spec.contentType());
            insert.setString(7, Json.write(spec.metadata()));
            insert.setString(8, Json.write(spec.clientMetadata()));
            insert.setLong(9, spec.byteSize());
            insert.setString(10, digestState);
            insert.setString(11, serviceState);
            insert.setObject(12, timestamp(now));
            insert.setObject(13, timestamp(expiresAt));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return new UploadSession(keys.getLong(1), token, transfer, serviceName, key, spec.filename(), spec.contentType(),
                        spec.metadata(), spec.clientMetadata(), spec.byteSize(), 0, digestState, serviceState, 0, null, now, expiresAt);
            }
        }
    }

    public Optional<UploadSession> findByToken(Connection connection, String token) throws SQLException {
        return query(connection, "SELECT " + columns + " FROM " + schema.resumableUploads() + " WHERE token = ?", token).stream().findFirst();
    }

    public Optional<UploadSession> find(Connection connection, long id) throws SQLException {
        return query(connection, "SELECT " + columns + " FROM " + schema.resumableUploads() + " WHERE id = ?", id).stream().findFirst();
    }

    /** Uploads whose time ran out before {@code now}, finished or not, in id order after {@code afterId}. */
    public List<UploadSession> expired(Connection connection, Instant now, long afterId, int limit) throws SQLException {
        return query(connection, "SELECT " + columns + " FROM " + schema.resumableUploads() + " WHERE expires_at < ? AND id > ? ORDER BY id"
                + " LIMIT " + limit, timestamp(now), afterId);
    }

    /** Takes the upload's lease for {@code holder} if nobody holds it or its lease has lapsed; false otherwise. */
    public boolean lease(Connection connection, long id, String holder, Instant now, Instant until) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + schema.resumableUploads()
                + " SET lease_holder = ?, lease_until = ? WHERE id = ? AND (lease_holder IS NULL OR lease_until < ?)")) {
            update.setString(1, holder);
            update.setObject(2, timestamp(until));
            update.setLong(3, id);
            update.setObject(4, timestamp(now));
            return update.executeUpdate() == 1;
        }
    }

    /** Extends the holder's lease; false if it no longer holds it. */
    public boolean renew(Connection connection, long id, String holder, Instant until) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + schema.resumableUploads()
                + " SET lease_until = ? WHERE id = ? AND lease_holder = ?")) {
            update.setObject(1, timestamp(until));
            update.setLong(2, id);
            update.setString(3, holder);
            return update.executeUpdate() == 1;
        }
    }

    public void release(Connection connection, long id, String holder) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + schema.resumableUploads()
                + " SET lease_holder = NULL, lease_until = NULL WHERE id = ? AND lease_holder = ?")) {
            update.setLong(1, id);
            update.setString(2, holder);
            update.executeUpdate();
        }
    }

    /**
     * Records how far the upload has come, and the parts stored on the way, if {@code holder} still
     * holds its lease and it stands where the holder found it ({@code fromOffset}); false otherwise,
     * recording nothing.
     */
    public boolean progress(Connection connection, long id, String holder, long fromOffset, long offset, String digestState,
            String serviceState, int partCount, List<UploadedPart> newParts, Instant expiresAt) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + schema.resumableUploads()
                + " SET byte_offset = ?, digest_state = ?, service_state = ?, part_count = ?, expires_at = ?"
                + " WHERE id = ? AND lease_holder = ? AND byte_offset = ?")) {
            update.setLong(1, offset);
            update.setString(2, digestState);
            update.setString(3, serviceState);
            update.setInt(4, partCount);
            update.setObject(5, timestamp(expiresAt));
            update.setLong(6, id);
            update.setString(7, holder);
            update.setLong(8, fromOffset);
            if (update.executeUpdate() != 1) {
                return false;
            }
        }
        if (!newParts.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema.resumableUploadParts()
                    + " (upload_id, part_number, byte_size, tag) VALUES (?, ?, ?, ?)")) {
                for (UploadedPart part : newParts) {
                    insert.setLong(1, id);
                    insert.setInt(2, part.number());
                    insert.setLong(3, part.byteSize());
                    insert.setString(4, part.tag());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        return true;
    }

    /** The parts of an upload, in order. */
    public List<UploadedPart> parts(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT part_number, byte_size, tag FROM " + schema.resumableUploadParts()
                + " WHERE upload_id = ? ORDER BY part_number")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                List<UploadedPart> parts = new ArrayList<>();
                while (rows.next()) {
                    parts.add(new UploadedPart(rows.getInt(1), rows.getLong(2), rows.getString(3)));
                }
                return parts;
            }
        }
    }

    /** Gives an upload that saw activity its time again. */
    public void touch(Connection connection, long id, Instant expiresAt) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + schema.resumableUploads()
                + " SET expires_at = ? WHERE id = ? AND blob_id IS NULL")) {
            update.setObject(1, timestamp(expiresAt));
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    /** Records the blob a finished upload became; its parts are no longer needed. */
    public void complete(Connection connection, long id, long blobId, Instant expiresAt) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + schema.resumableUploads()
                + " SET blob_id = ?, expires_at = ?, service_state = NULL, lease_holder = NULL, lease_until = NULL WHERE id = ?")) {
            update.setLong(1, blobId);
            update.setObject(2, timestamp(expiresAt));
            update.setLong(3, id);
            update.executeUpdate();
        }
        deleteParts(connection, id);
    }

    /** Forgets an upload and its parts. */
    public void delete(Connection connection, long id) throws SQLException {
        deleteParts(connection, id);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + schema.resumableUploads() + " WHERE id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
        }
    }

    private void deleteParts(Connection connection, long id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + schema.resumableUploadParts() + " WHERE upload_id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
        }
    }

    private List<UploadSession> query(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                List<UploadSession> sessions = new ArrayList<>();
                while (rows.next()) {
                    sessions.add(read(rows));
                }
                return sessions;
            }
        }
    }

    private static UploadSession read(ResultSet rows) throws SQLException {
        long blobId = rows.getLong(15);
        Long blob = rows.wasNull() ? null : blobId;
        String serviceState = rows.getString(13);
        return new UploadSession(rows.getLong(1), rows.getString(2), UploadSession.Transfer.valueOf(rows.getString(3).toUpperCase(Locale.ROOT)),
                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7), strings(rows.getString(8)),
                strings(rows.getString(9)), rows.getLong(10), rows.getLong(11), rows.getString(12), serviceState == null ? "" : serviceState,
                rows.getInt(14), blob, instant(rows, 16), instant(rows, 17));
    }

    private static Map<String, String> strings(String json) {
        Map<String, String> values = new LinkedHashMap<>();
        if (json != null && !json.isBlank()) {
            Json.readObject(json).forEach((key, value) -> values.put(key, String.valueOf(value)));
        }
        return values;
    }
}

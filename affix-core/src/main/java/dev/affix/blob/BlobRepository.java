package dev.affix.blob;

import dev.affix.checksum.Checksum;
import dev.affix.db.Dialect;
import dev.affix.db.Schema;
import dev.affix.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The blobs table, on a connection the caller's transaction owns. */
public final class BlobRepository {

    private final Schema schema;
    private final String columns;

    public BlobRepository(Schema schema, Dialect dialect) {
        this.schema = schema;
        this.columns = "id, " + dialect.keyColumn() + ", filename, content_type, metadata, service_name, byte_size, checksum, created_at";
    }

    /** What a new row holds; the id comes from the database. */
    public record NewRow(String key, String filename, String contentType, Map<String, Object> metadata, String serviceName,
            long byteSize, Checksum checksum, Instant createdAt) {
    }

    /** The tables this repository works on. */
    public Schema schema() {
        return schema;
    }

    public Blob insert(Connection connection, NewRow row) throws SQLException {
        String sql = "INSERT INTO " + schema.blobs() + " (" + columns.substring("id, ".length()) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, row.key());
            insert.setString(2, row.filename());
            insert.setString(3, row.contentType());
            insert.setString(4, Json.write(row.metadata()));
            insert.setString(5, row.serviceName());
            insert.setLong(6, row.byteSize());
            insert.setString(7, row.checksum() == null ? null : row.checksum().toString());
            insert.setObject(8, timestamp(row.createdAt()));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return new Blob(keys.getLong(1), row.key(), row.filename(), row.contentType(), row.metadata(), row.serviceName(),
                        row.byteSize(), row.checksum(), row.createdAt());
            }
        }
    }

    public Optional<Blob> find(Connection connection, long id) throws SQLException {
        List<Blob> found = query(connection, "SELECT " + columns + " FROM " + schema.blobs() + " WHERE id = ?", id);
        return found.stream().findFirst();
    }

    /** The blob, its row locked until the transaction ends. */
    public Optional<Blob> findForUpdate(Connection connection, long id) throws SQLException {
        return query(connection, "SELECT " + columns + " FROM " + schema.blobs() + " WHERE id = ? FOR UPDATE", id).stream().findFirst();
    }

    /** The blob at the key in any of these services (the unique key index allows one at most). */
    public Optional<Blob> findByKey(Connection connection, String key, Collection<String> serviceNames) throws SQLException {
        if (serviceNames.isEmpty()) {
            return Optional.empty();
        }
        String marks = String.join(", ", Collections.nCopies(serviceNames.size(), "?"));
        Object[] parameters = new Object[serviceNames.size() + 1];
        parameters[0] = key;
        System.arraycopy(serviceNames.toArray(), 0, parameters, 1, serviceNames.size());
        List<Blob> found = query(connection, "SELECT " + columns + " FROM " + schema.blobs() + " WHERE " + keyColumn()
                + " = ? AND service_name IN (" + marks + ")", parameters);
        return found.stream().findFirst();
    }

    /** Blobs that no attachment uses, made before the given time, in id order after {@code afterId}. */
    public List<Blob> unattached(Connection connection, Instant createdBefore, long afterId, int limit) throws SQLException {
        return query(connection, "SELECT " + columns + " FROM " + schema.blobs() + " b WHERE created_at < ? AND id > ? AND NOT EXISTS "
                + "(SELECT 1 FROM " + schema.attachments() + " a WHERE a.blob_id = b.id) ORDER BY id LIMIT " + limit,
                timestamp(createdBefore), afterId);
    }

    /** How many blobs a service (or all services when null) holds. */
    public long count(Connection connection, String serviceName) throws SQLException {
        String sql = "SELECT COUNT(*) FROM " + schema.blobs() + (serviceName == null ? "" : " WHERE service_name = ?");
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (serviceName != null) {
                select.setString(1, serviceName);
            }
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** All blobs of a service (or all services when null), in id order, a page at a time. */
    public List<Blob> page(Connection connection, String serviceName, long afterId, int limit) throws SQLException {
        if (serviceName == null) {
            return query(connection, "SELECT " + columns + " FROM " + schema.blobs() + " WHERE id > ? ORDER BY id LIMIT " + limit,
                    afterId);
        }
        return query(connection, "SELECT " + columns + " FROM " + schema.blobs()
                + " WHERE id > ? AND service_name = ? ORDER BY id LIMIT " + limit, afterId, serviceName);
    }

    /**
     * Merges {@code facts} into the blob's metadata, key by key at the top level, and sets its content
     * type unless {@code contentType} is null. Read, merged and written under the row's lock, so
     * concurrent merges of other keys (identification, analysis, custom metadata) all survive. Empty
     * if the blob is gone.
     */
    public Optional<Blob> mergeMetadata(Connection connection, long id, String contentType, Map<String, Object> facts)
            throws SQLException {
        Optional<Blob> locked = findForUpdate(connection, id);
        if (locked.isEmpty()) {
            return locked;
        }
        Blob blob = locked.get();
        Map<String, Object> merged = new LinkedHashMap<>(blob.metadata());
        merged.putAll(facts);
        String type = contentType == null ? blob.contentType() : contentType;
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + schema.blobs() + " SET content_type = ?, metadata = ? WHERE id = ?")) {
            update.setString(1, type);
            update.setString(2, Json.write(merged));
            update.setLong(3, id);
            update.executeUpdate();
        }
        return Optional.of(new Blob(blob.id(), blob.key(), blob.filename(), type, merged, blob.serviceName(), blob.byteSize(),
                blob.checksum(), blob.createdAt()));
    }

    /** Points the blob at another service, if it is still in {@code from}; false if it was not. */
    public boolean moveToService(Connection connection, long id, String from, String to) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + schema.blobs() + " SET service_name = ? WHERE id = ? AND service_name = ?")) {
            update.setString(1, to);
            update.setLong(2, id);
            update.setString(3, from);
            return update.executeUpdate() > 0;
        }
    }

    /** Deletes the blob's row (its variant records must be gone: {@link BlobDeletion}); false if it was already gone. */
    public boolean delete(Connection connection, long id) throws SQLException {
        try (PreparedStatement blob = connection.prepareStatement("DELETE FROM " + schema.blobs() + " WHERE id = ?")) {
            blob.setLong(1, id);
            return blob.executeUpdate() > 0;
        }
    }

    /** Locks the blob's row until the transaction ends, so that attaching and purging it take turns. */
    public boolean lock(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM " + schema.blobs() + " WHERE id = ? FOR UPDATE")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    public List<Blob> findAll(Connection connection, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        return query(connection, "SELECT " + columns + " FROM " + schema.blobs() + " WHERE id IN (" + marks + ")", ids.toArray());
    }

    private String keyColumn() {
        return columns.split(", ")[1];
    }

    private List<Blob> query(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                List<Blob> blobs = new ArrayList<>();
                while (rows.next()) {
                    blobs.add(read(rows, 1));
                }
                return blobs;
            }
        }
    }

    /** Reads a blob from the result set's columns starting at {@code first}, in this repository's column order. */
    public static Blob read(ResultSet rows, int first) throws SQLException {
        String metadata = rows.getString(first + 4);
        String checksum = rows.getString(first + 7);
        return new Blob(rows.getLong(first), rows.getString(first + 1), rows.getString(first + 2), rows.getString(first + 3),
                metadata == null || metadata.isBlank() ? Map.of() : Json.readObject(metadata), rows.getString(first + 5),
                rows.getLong(first + 6), checksum == null ? null : Checksum.parse(checksum), instant(rows, first + 8));
    }

    /** The column list, prefixed with a table alias, for joins that read blobs with {@link #read}. */
    public String columns(String alias) {
        return alias + "." + String.join(", " + alias + ".", columns.split(", "));
    }

    /**
     * An instant as a TIMESTAMP column holds it: its UTC wall-clock time, as Rails writes and reads
     * created_at. Bound with {@code setObject}, never through {@link java.sql.Timestamp}, which passes
     * through the JVM's zone and moves a time that falls in that zone's daylight-saving gap by an hour.
     */
    public static LocalDateTime timestamp(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The instant a TIMESTAMP column's UTC wall-clock time (column {@code index}) names. */
    public static Instant instant(ResultSet rows, int index) throws SQLException {
        return rows.getObject(index, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }
}

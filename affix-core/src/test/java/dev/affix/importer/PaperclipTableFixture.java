package dev.affix.importer;

import dev.affix.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HexFormat;
import javax.sql.DataSource;

/**
 * A table as a Rails application with Paperclip leaves it ({@code avatar_file_name},
 * {@code _content_type}, {@code _file_size}, {@code _updated_at}, {@code _fingerprint}), and the
 * files under a {@code public/system} folder where Paperclip stored them.
 */
final class PaperclipTableFixture {

    /** One Paperclip attachment of a row; null values are NULL in the table. */
    record Row(Object id, String fileName, String contentType, Long fileSize, LocalDateTime updatedAt, String fingerprint) {
    }

    private final DataSource dataSource;
    private final TestDatabase database;
    private final Path system;

    PaperclipTableFixture(DataSource dataSource, TestDatabase database, Path system) {
        this.dataSource = dataSource;
        this.database = database;
        this.system = system;
    }

    /** A table with the given id column type and, for each attachment, Paperclip's columns. */
    void create(String table, String idType, boolean primaryKey, String... attachments) throws SQLException {
        String timestamp = database == TestDatabase.MARIADB ? "DATETIME(6)" : "TIMESTAMP(6)";
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + table + " (id " + idType + (primaryKey ? " PRIMARY KEY" : " NOT NULL"));
        for (String attachment : attachments) {
            ddl.append(", ").append(attachment).append("_file_name VARCHAR(1000), ")
                    .append(attachment).append("_content_type VARCHAR(255), ")
                    .append(attachment).append("_file_size BIGINT, ")
                    .append(attachment).append("_updated_at ").append(timestamp).append(", ")
                    .append(attachment).append("_fingerprint VARCHAR(255)");
        }
        execute(ddl.append(")").toString());
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    void insert(String table, String attachment, Row... rows) throws SQLException {
        String sql = "INSERT INTO " + table + " (id, " + attachment + "_file_name, " + attachment + "_content_type, " + attachment
                + "_file_size, " + attachment + "_updated_at, " + attachment + "_fingerprint) VALUES (?, ?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(sql)) {
            for (Row row : rows) {
                insert.setObject(1, row.id());
                insert.setString(2, row.fileName());
                insert.setString(3, row.contentType());
                insert.setObject(4, row.fileSize());
                insert.setTimestamp(5, row.updatedAt() == null ? null : Timestamp.valueOf(row.updatedAt()));
                insert.setString(6, row.fingerprint());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Writes a file where Paperclip stored it, below public/system. */
    Path store(String key, String content) {
        Path file = system.resolve(key);
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String md5Hex(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5Base64(String content) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

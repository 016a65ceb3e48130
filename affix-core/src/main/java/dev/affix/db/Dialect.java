package dev.affix.db;

import dev.affix.config.ConfigurationException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The databases Affix supports, and the few places where their SQL differs. */
public enum Dialect {
    H2("h2", "\"key\""),
    POSTGRESQL("postgresql", "key"),
    MARIADB("mariadb", "`key`");

    private final String migrationFolder;
    private final String keyColumn;

    Dialect(String migrationFolder, String keyColumn) {
        this.migrationFolder = migrationFolder;
        this.keyColumn = keyColumn;
    }

    public static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("h2")) {
            return H2;
        }
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("mariadb") || product.contains("mysql")) {
            return MARIADB;
        }
        throw new ConfigurationException("database '" + product + "' is not supported (H2, PostgreSQL, MariaDB/MySQL are)");
    }

    /** The Flyway location of this database's migrations. */
    public String migrationLocation() {
        return "classpath:dev/affix/db/migration/" + migrationFolder;
    }

    /** The blobs table's {@code key} column, quoted where the word is reserved. */
    public String keyColumn() {
        return keyColumn;
    }

    /**
     * An insert that takes (and keeps until commit) the row lock of an attachment slot, creating
     * the row the first time: parameters are record type, record id and name.
     */
    public String lockSlotSql(String table) {
        return switch (this) {
            case H2 -> "MERGE INTO " + table + " (record_type, record_id, name) KEY (record_type, record_id, name) VALUES (?, ?, ?)";
            case POSTGRESQL -> "INSERT INTO " + table + " (record_type, record_id, name) VALUES (?, ?, ?)"
                    + " ON CONFLICT (record_type, record_id, name) DO UPDATE SET name = EXCLUDED.name";
            case MARIADB -> "INSERT INTO " + table + " (record_type, record_id, name) VALUES (?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE name = VALUES(name)";
        };
    }

    /**
     * The clause that row-locks what a query over {@code alias} (joined with others) reads, and only
     * that table's rows where the database can say so.
     */
    public String forUpdateOf(String alias) {
        return this == POSTGRESQL ? " FOR UPDATE OF " + alias : " FOR UPDATE";
    }

    /** A SQL expression (a number, a UUID) as text, to compare it with a record_id column that holds text. */
    public String asText(String expression) {
        return this == MARIADB ? "CAST(" + expression + " AS CHAR)" : "CAST(" + expression + " AS VARCHAR(255))";
    }
}

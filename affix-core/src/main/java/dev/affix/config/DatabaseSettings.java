package dev.affix.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;

/**
 * How to reach the database that holds blobs and attachments, and how Affix's tables are named and
 * installed there.
 *
 * @param tablePrefix    {@code affix_} by default; {@code active_storage_} shares a Rails application's tables
 * @param recordIdType   SQL type of record_id in new tables: {@code VARCHAR(255)} (numbers and UUIDs) or {@code BIGINT}
 * @param autoMigrate    install or upgrade the tables at start (else the application's Flyway does)
 * @param historyTable   the table in which Flyway records Affix's migrations: {@code PREFIX_schema_history}
 *                       by default, e.g. {@code active_storage_schema_history}; name another where that one is taken
 */
public record DatabaseSettings(String url, String username, String password, String tablePrefix, String recordIdType,
        boolean autoMigrate, int poolSize, String historyTable) {

    public static final String EMBEDDED_URL = "jdbc:h2:file:./data/affix;AUTO_SERVER=TRUE";
    public static final String DEFAULT_PREFIX = "affix_";
    public static final String DEFAULT_RECORD_ID_TYPE = "VARCHAR(255)";

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:")) {
            throw new ConfigurationException("database.url '" + Redaction.url(url) + "' is not a JDBC URL");
        }
        tablePrefix = tablePrefix == null ? DEFAULT_PREFIX : tablePrefix;
        if (!tablePrefix.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ConfigurationException("database.table_prefix '" + tablePrefix + "' may hold only letters, digits and underscores");
        }
        recordIdType = recordIdType == null ? DEFAULT_RECORD_ID_TYPE : recordIdType;
        if (!recordIdType.matches("(?i)VARCHAR\\(\\d{1,3}\\)|BIGINT|UUID")) {
            throw new ConfigurationException("database.record_id_type '" + recordIdType + "' must be VARCHAR(n), BIGINT or UUID");
        }
        if (poolSize <= 0) {
            throw new ConfigurationException("database.pool_size must be positive, not " + poolSize);
        }
        historyTable = historyTable == null ? tablePrefix + "schema_history" : historyTable;
        if (!historyTable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ConfigurationException("database.history_table '" + historyTable + "' may hold only letters, digits and underscores");
        }
    }

    /** Settings whose migration history is kept in {@code PREFIX_schema_history}. */
    public DatabaseSettings(String url, String username, String password, String tablePrefix, String recordIdType, boolean autoMigrate,
            int poolSize) {
        this(url, username, password, tablePrefix, recordIdType, autoMigrate, poolSize, null);
    }

    public static DatabaseSettings of(String url, String username, String password) {
        return new DatabaseSettings(url, username, password, DEFAULT_PREFIX, DEFAULT_RECORD_ID_TYPE, true, 10);
    }

    public static DatabaseSettings embedded() {
        return of(EMBEDDED_URL, null, null);
    }

    /** These settings with another prefix; a history table named after the old prefix follows the new one. */
    public DatabaseSettings withTablePrefix(String value) {
        return new DatabaseSettings(url, username, password, value, recordIdType, autoMigrate, poolSize,
                historyTable.equals(tablePrefix + "schema_history") ? null : historyTable);
    }

    public DatabaseSettings withRecordIdType(String value) {
        return new DatabaseSettings(url, username, password, tablePrefix, value, autoMigrate, poolSize, historyTable);
    }

    public DatabaseSettings withAutoMigrate(boolean value) {
        return new DatabaseSettings(url, username, password, tablePrefix, recordIdType, value, poolSize, historyTable);
    }

    /** {@code database.history_table}: where Flyway records Affix's migrations. */
    public DatabaseSettings withHistoryTable(String value) {
        return new DatabaseSettings(url, username, password, tablePrefix, recordIdType, autoMigrate, poolSize, value);
    }

    /** Never prints the password, in the field or inside the URL. */
    @Override
    public String toString() {
        return "DatabaseSettings[url=" + Redaction.url(url) + ", username=" + username + ", password=" + Redaction.mask(password)
                + ", tablePrefix=" + tablePrefix + ", recordIdType=" + recordIdType + ", autoMigrate=" + autoMigrate
                + ", poolSize=" + poolSize + ", historyTable=" + historyTable + "]";
    }

    /** A connection pool on this database, as Affix opens one when it is given no data source; the caller closes it. */
    public HikariDataSource openPool() {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setUsername(username);
        pool.setPassword(password);
        pool.setMaximumPoolSize(poolSize());
        pool.setPoolName("affix");
        try {
            return new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new ConfigurationException("cannot open database " + Redaction.url(url) + ": " + e.getMessage(), e);
        }
    }
}

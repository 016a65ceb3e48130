package dev.affix.db;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Affix's tables and their names. {@link #migrate} installs or upgrades them with Flyway, keeping its
 * own history table ({@code PREFIX_schema_history} unless {@code database.history_table} names
 * another) so that it never meddles with the application's migrations; an application that prefers its own Flyway adds {@link Dialect#migrationLocation()}
 * with the placeholders {@code prefix} and {@code record_id_type} instead.
 */
public final class Schema {

    private final String prefix;
    private final boolean numericRecordIds;

    private Schema(String prefix, boolean numericRecordIds) {
        this.prefix = prefix;
        this.numericRecordIds = numericRecordIds;
    }

    /**
     * Installs what is missing. If the blobs table already exists without Affix's history (a Rails
     * application's tables), those are taken as version 1 and only Affix's own tables are added.
     *
     * @param recordIdType the SQL type of record_id for new tables: {@code VARCHAR(255)} holds numbers
     *                     and UUIDs alike; {@code BIGINT} matches numeric keys
     * @param historyTable the table in which Flyway records the migrations it ran
     */
    public static void migrate(DataSource dataSource, Dialect dialect, String prefix, String recordIdType, String historyTable) {
        requireSafePrefix(prefix);
        requireSafePrefix(historyTable);
        boolean existing;
        try (Connection connection = dataSource.getConnection()) {
            existing = tableExists(connection, prefix + "blobs");
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the database's tables", e);
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(dialect.migrationLocation())
                    .table(historyTable)
                    .placeholders(Map.of("prefix", prefix, "record_id_type", recordIdType))
                    .baselineOnMigrate(true)
                    .baselineVersion(existing ? "1" : "0")
                    .baselineDescription(existing ? "existing Active Storage tables" : "empty")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new DatabaseException("installing Affix's tables (prefix '" + prefix + "') failed",
                    new SQLException(e.getMessage(), e));
        }
    }

    /** Reads how the existing tables store record ids. */
    public static Schema inspect(DataSource dataSource, String prefix) {
        requireSafePrefix(prefix);
        try (Connection connection = dataSource.getConnection()) {
            return inspect(connection, prefix);
        } catch (SQLException e) {
            throw new DatabaseException("cannot read Affix's tables", e);
        }
    }

    public static Schema inspect(Connection connection, String prefix) throws SQLException {
        requireSafePrefix(prefix);
        String table = prefix + "attachments";
        DatabaseMetaData meta = connection.getMetaData();
        for (String name : new String[] {table, table.toUpperCase(Locale.ROOT)}) {
            try (ResultSet columns = meta.getColumns(connection.getCatalog(), null, name, null)) {
                while (columns.next()) {
                    if (columns.getString("COLUMN_NAME").equalsIgnoreCase("record_id")) {
                        int type = columns.getInt("DATA_TYPE");
                        // an application that runs the migrations itself may have missed a newer one
                        requireTable(connection, prefix + "attachment_slots");
                        requireTable(connection, prefix + "pending_deletions");
                        requireTable(connection, prefix + "resumable_uploads");
                        return new Schema(prefix, type == Types.BIGINT || type == Types.INTEGER || type == Types.NUMERIC
                                || type == Types.DECIMAL || type == Types.SMALLINT);
                    }
                }
            }
        }
        throw missing(table);
    }

    private static void requireTable(Connection connection, String table) throws SQLException {
        if (!tableExists(connection, table)) {
            throw missing(table);
        }
    }

    private static SQLException missing(String table) {
        return new SQLException("table " + table + " does not exist: install it (database.auto_migrate: true) or run the migrations in "
                + "classpath:dev/affix/db/migration/<database>");
    }

    public String blobs() {
        return prefix + "blobs";
    }

    public String attachments() {
        return prefix + "attachments";
    }

    public String variantRecords() {
        return prefix + "variant_records";
    }

    public String attachmentSlots() {
        return prefix + "attachment_slots";
    }

    /** Objects waiting to be deleted from their service once no blob row points at them. */
    public String pendingDeletions() {
        return prefix + "pending_deletions";
    }

    /** Resumable uploads in progress, and what became of the finished ones. */
    public String resumableUploads() {
        return prefix + "resumable_uploads";
    }

    /** The parts that the services of resumable uploads stored, one row each. */
    public String resumableUploadParts() {
        return prefix + "resumable_upload_parts";
    }

    /** Whether record ids are stored as numbers, so that they must be bound as such. */
    public boolean numericRecordIds() {
        return numericRecordIds;
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        for (String name : new String[] {table, table.toUpperCase(Locale.ROOT)}) {
            try (ResultSet tables = meta.getTables(connection.getCatalog(), null, name, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void requireSafePrefix(String prefix) {
        // the prefix is spliced into SQL: letters, digits and underscores only
        if (!prefix.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("table prefix '" + prefix + "' may hold only letters, digits and underscores");
        }
    }
}

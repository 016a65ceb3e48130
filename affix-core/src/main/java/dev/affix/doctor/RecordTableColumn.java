package dev.affix.doctor;

import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.RecordTable;
import dev.affix.config.ConfigurationException;
import dev.affix.db.Dialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * A declaration's record table and id column as the database spells them, quoted for SQL, and
 * whether the ids are numbers, text, or something else (a UUID type) that is compared as text.
 * Looked up in the database's own catalogue, so a name that is not a table there is refused before
 * any SQL names it.
 */
record RecordTableColumn(String table, String column, IdKind kind) {

    enum IdKind { NUMBER, TEXT, OTHER }

    static RecordTableColumn resolve(Connection connection, Dialect dialect, AttachmentDeclaration declaration) throws SQLException {
        RecordTable wanted = declaration.recordTable();
        DatabaseMetaData meta = connection.getMetaData();
        String schema = wanted.schema();
        // MariaDB names a database where the others name a schema
        String catalogPattern = dialect == Dialect.MARIADB ? (schema == null ? connection.getCatalog() : schema) : connection.getCatalog();
        String schemaPattern = dialect == Dialect.MARIADB ? null : (schema == null ? connection.getSchema() : schema);
        List<Column> columns = new ArrayList<>();
        try (ResultSet rows = meta.getColumns(catalogPattern, schemaPattern, null, null)) {
            while (rows.next()) {
                String table = rows.getString("TABLE_NAME");
                String column = rows.getString("COLUMN_NAME");
                if (table.equalsIgnoreCase(wanted.tableName()) && column.equalsIgnoreCase(wanted.idColumn())) {
                    columns.add(new Column(rows.getString(dialect == Dialect.MARIADB ? "TABLE_CAT" : "TABLE_SCHEM"), table, column,
                            rows.getInt("DATA_TYPE")));
                }
            }
        }
        Column found = pick(columns, wanted, declaration);
        String quote = meta.getIdentifierQuoteString();
        String table = (schema == null ? "" : quote + found.schema() + quote + ".") + quote + found.table() + quote;
        return new RecordTableColumn(table, quote + found.column() + quote, kind(found.type()));
    }

    private record Column(String schema, String table, String column, int type) {
    }

    /** The exact spelling if the catalogue has it, else the one spelling that differs only in case. */
    private static Column pick(List<Column> columns, RecordTable wanted, AttachmentDeclaration declaration) {
        for (Column column : columns) {
            if (column.table().equals(wanted.tableName()) && column.column().equals(wanted.idColumn())) {
                return column;
            }
        }
        if (columns.size() == 1) {
            return columns.get(0);
        }
        throw new ConfigurationException("attachment '" + declaration.qualifiedName() + "': record_table " + wanted.table()
                + (columns.isEmpty() ? " has no column " + wanted.idColumn() + " (or there is no such table)"
                        : " and record_id_column " + wanted.idColumn() + " match " + columns.size()
                                + " columns that differ only in case: spell them exactly"));
    }

    private static IdKind kind(int type) {
        return switch (type) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.NUMERIC, Types.DECIMAL -> IdKind.NUMBER;
            case Types.VARCHAR, Types.CHAR, Types.NVARCHAR, Types.NCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR -> IdKind.TEXT;
            default -> IdKind.OTHER;
        };
    }
}

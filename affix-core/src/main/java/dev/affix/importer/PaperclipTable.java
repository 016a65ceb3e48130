package dev.affix.importer;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A table with Paperclip's columns, as the database describes it: the id column, and for each
 * attachment {@code NAME_file_name} (required), {@code NAME_content_type}, {@code NAME_file_size},
 * {@code NAME_updated_at} and {@code NAME_fingerprint} (each optional). Names from the command line are
 * checked against the table's real columns, and only those real names, quoted, reach the SQL.
 */
final class PaperclipTable {

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");
    private static final String FILE_NAME = "_file_name";
    private static final Set<Integer> NUMERIC_TYPES = Set.of(Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT,
            Types.NUMERIC, Types.DECIMAL);

    /** The quoted columns of one attachment; absent optional columns are null. */
    record Columns(String attachment, String fileName, String contentType, String fileSize, String updatedAt, String fingerprint) {
    }

    private final String name;
    private final String sqlName;
    private final String idColumn;
    private final boolean numericIds;
    private final Map<String, String> columns;
    private final String quote;

    private PaperclipTable(String name, String sqlName, String idColumn, boolean numericIds, Map<String, String> columns, String quote) {
        this.name = name;
        this.sqlName = sqlName;
        this.idColumn = idColumn;
        this.numericIds = numericIds;
        this.columns = columns;
        this.quote = quote;
    }

    /** Reads the table's columns; refuses a table that does not exist or has no such id column. */
    static PaperclipTable inspect(Connection connection, String table, String idColumn) throws SQLException {
        if (table == null || !TABLE_NAME.matcher(table).matches()) {
            throw new ImportRefusedException("table '" + table + "' is not a table name (letters, digits and underscores, "
                    + "optionally after a schema and a dot)");
        }
        int dot = table.indexOf('.');
        String schema = dot < 0 ? connection.getSchema() : table.substring(0, dot);
        String bare = dot < 0 ? table : table.substring(dot + 1);
        DatabaseMetaData meta = connection.getMetaData();
        String quote = meta.getIdentifierQuoteString().trim();
        for (String candidate : new String[] {bare, bare.toLowerCase(Locale.ROOT), bare.toUpperCase(Locale.ROOT)}) {
            Map<String, String> found = new LinkedHashMap<>();
            Map<String, Integer> types = new LinkedHashMap<>();
            String actualSchema = null;
            try (ResultSet rows = meta.getColumns(connection.getCatalog(), schemaPattern(meta, schema), literal(meta, candidate), null)) {
                while (rows.next()) {
                    String column = rows.getString("COLUMN_NAME");
                    found.put(column.toLowerCase(Locale.ROOT), column);
                    types.put(column.toLowerCase(Locale.ROOT), rows.getInt("DATA_TYPE"));
                    actualSchema = rows.getString("TABLE_SCHEM");
                }
            }
            if (found.isEmpty()) {
                continue;
            }
            String id = found.get(idColumn.toLowerCase(Locale.ROOT));
            if (id == null) {
                throw new ImportRefusedException("table " + table + " has no column '" + idColumn + "' (give the id column with "
                        + "--id-column; its columns are " + String.join(", ", found.values()) + ")");
            }
            String sqlName = (dot < 0 || actualSchema == null ? "" : quoted(quote, actualSchema) + ".") + quoted(quote, candidate);
            return new PaperclipTable(table, sqlName, quoted(quote, id), NUMERIC_TYPES.contains(types.get(idColumn.toLowerCase(Locale.ROOT))),
                    found, quote);
        }
        throw new ImportRefusedException("table " + table + " does not exist in Affix's database");
    }

    /** MariaDB names databases catalogs and has no schemas; the others search the given or current schema. */
    private static String schemaPattern(DatabaseMetaData meta, String schema) throws SQLException {
        return meta.supportsSchemasInTableDefinitions() && schema != null ? literal(meta, schema) : null;
    }

    /** A name as a metadata pattern that matches only itself: {@code _} would match any character. */
    private static String literal(DatabaseMetaData meta, String name) throws SQLException {
        String escape = meta.getSearchStringEscape();
        return escape == null || escape.isEmpty() ? name : name.replace(escape, escape + escape).replace("_", escape + "_")
                .replace("%", escape + "%");
    }

    private static String quoted(String quote, String identifier) {
        if (quote.isEmpty()) {
            return identifier;
        }
        if (identifier.contains(quote)) {
            throw new ImportRefusedException("column or table name '" + identifier + "' contains the quote character " + quote);
        }
        return quote + identifier + quote;
    }

    String name() {
        return name;
    }

    /** Whether Paperclip saw the ids as Integers (a numeric column) rather than text. */
    boolean numericIds() {
        return numericIds;
    }

    /** The attachments the table has a {@code NAME_file_name} column for, in lower case, in column order. */
    List<String> attachments() {
        List<String> names = new ArrayList<>();
        for (String column : columns.keySet()) {
            if (column.endsWith(FILE_NAME) && column.length() > FILE_NAME.length()) {
                names.add(column.substring(0, column.length() - FILE_NAME.length()));
            }
        }
        return names;
    }

    /** The columns of one attachment; refuses an attachment without a {@code _file_name} column. */
    Columns columns(String attachment) {
        String prefix = attachment.toLowerCase(Locale.ROOT);
        String fileName = columns.get(prefix + FILE_NAME);
        if (fileName == null) {
            List<String> known = attachments();
            throw new ImportRefusedException("table " + name + " has no column " + prefix + FILE_NAME + " for attachment '" + attachment
                    + "'" + (known.isEmpty() ? "; it has no Paperclip columns (NAME_file_name) at all"
                    : "; its Paperclip attachments are " + String.join(", ", known)));
        }
        return new Columns(attachment, quoted(quote, fileName), optional(prefix + "_content_type"), optional(prefix + "_file_size"),
                optional(prefix + "_updated_at"), optional(prefix + "_fingerprint"));
    }

    private String optional(String column) {
        String actual = columns.get(column);
        return actual == null ? null : quoted(quote, actual);
    }

    /** How many rows have a file name (a row with an empty one is counted, and reported when read). */
    long countWithFiles(Connection connection, Columns attachment) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT COUNT(*) FROM " + sqlName + " WHERE " + attachment.fileName() + " IS NOT NULL");
             ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Every row with a file name, in id order, so that rows with the same id come together. */
    String selectWithFiles(Columns attachment) {
        return "SELECT " + idColumn + ", " + attachment.fileName() + ", " + orNull(attachment.contentType()) + ", "
                + orNull(attachment.fileSize()) + ", " + orNull(attachment.updatedAt()) + ", " + orNull(attachment.fingerprint())
                + " FROM " + sqlName + " WHERE " + attachment.fileName() + " IS NOT NULL ORDER BY " + idColumn;
    }

    private static String orNull(String column) {
        return column == null ? "NULL" : column;
    }
}

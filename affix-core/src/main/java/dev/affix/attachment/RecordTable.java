package dev.affix.attachment;

import dev.affix.config.ConfigurationException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the application keeps the records of a declaration ({@code record_table}, {@code record_id_column}),
 * so that {@code affix doctor} can find attachments whose record is gone. Both are plain identifiers,
 * checked against a strict pattern here and quoted where they are used: no SQL comes from configuration.
 */
public record RecordTable(String table, String idColumn) {

    /** The id column when none is named. */
    public static final String DEFAULT_ID_COLUMN = "id";

    private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]{0,62}";
    private static final Pattern TABLE = Pattern.compile("(" + IDENTIFIER + "\\.)?" + IDENTIFIER);
    private static final Pattern COLUMN = Pattern.compile(IDENTIFIER);

    public RecordTable {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(idColumn, "idColumn");
        if (!TABLE.matcher(table).matches()) {
            throw new ConfigurationException("record_table '" + table + "' is not a table name: letters, digits and underscores, "
                    + "not starting with a digit, at most 63 of them, optionally after a schema name and a dot");
        }
        if (!COLUMN.matcher(idColumn).matches()) {
            throw new ConfigurationException("record_id_column '" + idColumn + "' is not a column name: letters, digits and "
                    + "underscores, not starting with a digit, at most 63 of them");
        }
    }

    /** The schema the table name is qualified with; null when it is not. */
    public String schema() {
        int dot = table.indexOf('.');
        return dot < 0 ? null : table.substring(0, dot);
    }

    /** The table name without its schema. */
    public String tableName() {
        return table.substring(table.indexOf('.') + 1);
    }

    @Override
    public String toString() {
        return table + "." + idColumn;
    }
}

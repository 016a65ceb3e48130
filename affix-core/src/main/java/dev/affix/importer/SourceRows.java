package dev.affix.importer;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import dev.affix.blob.BlobRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The rows of one attachment, read once through a cursor on a connection of their own (PostgreSQL
 * streams only inside a transaction, hence no auto-commit), a batch at a time, while the batches
 * are written on other connections.
 */
final class SourceRows implements AutoCloseable {

    private final Connection connection;
    private final PreparedStatement select;
    private final ResultSet rows;
    private boolean exhausted;

    private SourceRows(Connection connection, PreparedStatement select, ResultSet rows) {
        this.connection = connection;
        this.select = select;
        this.rows = rows;
    }

    static SourceRows open(DataSource dataSource, PaperclipTable table, PaperclipTable.Columns columns, int fetchSize)
            throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            PreparedStatement select = connection.prepareStatement(table.selectWithFiles(columns), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY);
            select.setFetchSize(fetchSize);
            return new SourceRows(connection, select, select.executeQuery());
        } catch (SQLException | RuntimeException e) {
            release(connection, e);
            throw e;
        }
    }

    /** The next rows, at most {@code limit}; empty at the end. */
    List<SourceRow> next(int limit) throws SQLException {
        List<SourceRow> batch = new ArrayList<>(limit);
        while (!exhausted && batch.size() < limit) {
            if (!rows.next()) {
                exhausted = true;
                break;
            }
            Instant updatedAt = null;
            String unreadable = null;
            try {
                // Rails writes UTC wall-clock times, read without the JVM's zone (as BlobRepository does)
                LocalDateTime value = rows.getObject(5, LocalDateTime.class);
                updatedAt = value == null ? null : value.toInstant(ZoneOffset.UTC);
            } catch (SQLException | RuntimeException e) {
                // a MySQL zero date, say: this row is reported, the others go on
                unreadable = "its updated_at cannot be read: " + e.getMessage();
            }
            batch.add(new SourceRow(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), updatedAt,
                    rows.getString(6), unreadable));
        }
        return batch;
    }

    @Override
    public void close() throws SQLException {
        try (connection; select; rows) {
            connection.rollback();
            connection.setReadOnly(false);
            connection.setAutoCommit(true);
        }
    }

    private static void release(Connection connection, Exception cause) {
        try {
            connection.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}

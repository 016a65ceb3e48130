package dev.affix.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Joins the caller's JDBC transaction: the work runs on the caller's connection and the caller
 * commits or rolls back. A failure inside the work is rethrown and leaves the decision to the caller.
 */
public final class ConnectionDatabase implements Database {

    private final Connection connection;
    private final Dialect dialect;

    public ConnectionDatabase(Connection connection) {
        this.connection = connection;
        try {
            this.dialect = Dialect.of(connection);
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the connection's database", e);
        }
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException("database operation failed", e);
        }
    }

    @Override
    public boolean commitsOnReturn() {
        return false;
    }
}

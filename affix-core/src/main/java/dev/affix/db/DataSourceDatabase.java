package dev.affix.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Each unit of work in its own transaction, on a connection from the data source. */
public final class DataSourceDatabase implements Database {

    private final DataSource dataSource;
    private final Dialect dialect;

    public DataSourceDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection connection = dataSource.getConnection()) {
            this.dialect = Dialect.of(connection);
        } catch (SQLException e) {
            throw new DatabaseException("cannot connect to the database", e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                // a connection the server ended fails these too: the first failure is the one to report
                rollback(connection, e);
                restoreAutoCommit(connection, autoCommit, e);
                throw e;
            }
            connection.setAutoCommit(autoCommit);
            return result;
        } catch (SQLException e) {
            throw new DatabaseException("database operation failed", e);
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException("database read failed", e);
        }
    }

    @Override
    public boolean commitsOnReturn() {
        return true;
    }

    private static void restoreAutoCommit(Connection connection, boolean autoCommit, Exception cause) {
        try {
            connection.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}

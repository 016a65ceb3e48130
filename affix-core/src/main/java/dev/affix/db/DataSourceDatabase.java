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
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
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

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}

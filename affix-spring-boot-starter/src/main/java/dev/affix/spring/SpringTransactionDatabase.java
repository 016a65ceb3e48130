package dev.affix.spring;

import dev.affix.db.DataSourceDatabase;
import dev.affix.db.Database;
import dev.affix.db.DatabaseException;
import dev.affix.db.Dialect;
import dev.affix.db.SqlWork;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Attachment rows that join the Spring transaction in progress: inside a {@code @Transactional}
 * method (JDBC or JPA transaction manager), attaching, detaching and purging run on the
 * transaction's connection and commit or roll back with it. Since that commit happens after Affix
 * returns, {@link #commitsOnReturn()} is then false, and what must follow the commit (deleting purged
 * bytes, queueing a purge) is registered with the transaction and runs right after it commits, or
 * never if it rolls back.
 *
 * <p>Outside a transaction, or when the transaction holds no connection of this data source (a
 * transaction on another database, JTA), each unit of work runs in a transaction of its own, as
 * {@link DataSourceDatabase} does.
 */
public final class SpringTransactionDatabase implements Database {

    private final DataSource dataSource;
    private final DataSourceDatabase ownTransactions;

    public SpringTransactionDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
        this.ownTransactions = new DataSourceDatabase(dataSource);
    }

    @Override
    public Dialect dialect() {
        return ownTransactions.dialect();
    }

    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        if (!joinsSpringTransaction()) {
            return ownTransactions.inTransaction(work);
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException("database operation failed", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    @Override
    public boolean commitsOnReturn() {
        return !joinsSpringTransaction();
    }

    @Override
    public boolean afterCommit(Runnable action) {
        if (!joinsSpringTransaction()) {
            action.run();
            return true;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
        return true;
    }

    /**
     * Whether a Spring transaction is active and has bound a connection of this data source that is
     * really in a transaction: a connection bound merely for reuse (auto-commit on) commits each
     * statement by itself, which is not joining anything.
     */
    private boolean joinsSpringTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return false;
        }
        if (!(TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder holder)) {
            return false;
        }
        try {
            return !holder.getConnection().getAutoCommit();
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the transaction's connection", e);
        }
    }
}

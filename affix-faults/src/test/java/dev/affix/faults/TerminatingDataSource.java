package dev.affix.faults;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * A PostgreSQL data source that can have the server end a connection at a chosen statement, as an
 * administrator or a failover would: when the armed statement is about to be prepared, another
 * connection runs {@code pg_terminate_backend} on its backend and waits until it is gone, so the
 * statement then meets a connection the server has really closed.
 */
final class TerminatingDataSource implements DataSource {

    private final DataSource delegate;
    private volatile String armedSql;
    private final AtomicInteger countdown = new AtomicInteger();
    private volatile boolean terminated;

    TerminatingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** The {@code occurrence}-th statement from now whose SQL starts with {@code sqlStart} finds its connection terminated. */
    void terminateAt(String sqlStart, int occurrence) {
        countdown.set(occurrence);
        terminated = false;
        armedSql = sqlStart;
    }

    boolean terminated() {
        return terminated;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(delegate.getConnection(username, password));
    }

    private Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                        String armed = armedSql;
                        if (armed != null && sql.startsWith(armed) && countdown.decrementAndGet() == 0) {
                            armedSql = null;
                            terminate(connection.unwrap(PGConnection.class).getBackendPID());
                            terminated = true;
                        }
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void terminate(int pid) throws SQLException {
        try (Connection admin = DriverManager.getConnection(PostgreSql.URL, PostgreSql.DATABASE.user(), PostgreSql.DATABASE.password())) {
            try (PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
                kill.setInt(1, pid);
                kill.executeQuery().close();
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            try (PreparedStatement alive = admin.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ?")) {
                alive.setInt(1, pid);
                while (true) {
                    try (ResultSet rows = alive.executeQuery()) {
                        if (!rows.next()) {
                            return;
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("backend " + pid + " was not terminated within 5 seconds");
                    }
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return delegate.isWrapperFor(type);
    }
}

package dev.affix.jobs.dbscheduler;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.MariaDBJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.PostgreSqlJdbcCustomization;
import dev.affix.db.DatabaseException;
import dev.affix.db.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * db-scheduler's table, created when missing, and how the scheduler binds its columns. Times are
 * zone-less columns that hold UTC, which behaves the same on every database whatever the server's
 * or the JVM's time zone; MariaDB gets DATETIME because its TIMESTAMP is converted through the
 * session time zone and ends in 2038.
 */
final class SchedulerTable {

    private SchedulerTable() {
    }

    static Dialect dialect(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return Dialect.of(connection);
        } catch (SQLException e) {
            throw new DatabaseException("cannot connect to the database of the job table", e);
        }
    }

    /** db-scheduler's SQL for the database, binding times as UTC to match the zone-less columns. */
    static JdbcCustomization jdbcCustomization(Dialect dialect) {
        return switch (dialect) {
            case H2 -> new DefaultJdbcCustomization(true);
            case POSTGRESQL -> new PostgreSqlJdbcCustomization(false, true);
            case MARIADB -> new MariaDBJdbcCustomization(true);
        };
    }

    static void createIfMissing(DataSource dataSource, Dialect dialect, String table) {
        try (Connection connection = dataSource.getConnection()) {
            List<String> statements = ddl(dialect, table);
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            } catch (SQLException e) {
                // another JVM starting at the same moment may have won the race (PostgreSQL's IF NOT EXISTS is not atomic)
                if (!exists(connection, table)) {
                    throw e;
                }
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot create the job table " + table, e);
        }
    }

    static List<String> ddl(Dialect dialect, String table) {
        String time = dialect == Dialect.MARIADB ? "DATETIME(6)" : "TIMESTAMP(6)";
        String text = dialect == Dialect.POSTGRESQL ? "TEXT" : "VARCHAR(100)";
        String bytes = dialect == Dialect.POSTGRESQL ? "BYTEA" : "BLOB";
        String columns = "task_name " + text + " NOT NULL, "
                + "task_instance " + text + " NOT NULL, "
                + "task_data " + bytes + ", "
                + "execution_time " + time + " NOT NULL, "
                + "picked BOOLEAN NOT NULL, "
                + "picked_by VARCHAR(50), "
                + "last_success " + time + " NULL, "
                + "last_failure " + time + " NULL, "
                + "consecutive_failures INT, "
                + "last_heartbeat " + time + " NULL, "
                + "version BIGINT NOT NULL, "
                + "priority SMALLINT, "
                + "PRIMARY KEY (task_name, task_instance)";
        // due rows are found by execution time, dead ones by heartbeat
        if (dialect == Dialect.MARIADB) {
            return List.of("CREATE TABLE IF NOT EXISTS " + table + " (" + columns + ", "
                    + "INDEX " + table + "_execution_time_idx (execution_time), "
                    + "INDEX " + table + "_last_heartbeat_idx (last_heartbeat))");
        }
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + table + " (" + columns + ")",
                "CREATE INDEX IF NOT EXISTS " + table + "_execution_time_idx ON " + table + " (execution_time)",
                "CREATE INDEX IF NOT EXISTS " + table + "_last_heartbeat_idx ON " + table + " (last_heartbeat)");
    }

    private static boolean exists(Connection connection, String table) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
                return true;
            }
        } catch (SQLException e) {
            return false;
        }
    }
}

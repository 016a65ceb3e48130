package dev.affix.faults;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The PostgreSQL server these machines run (affix-core's test database), which the fault tests use:
 * each test gets tables of its own prefix, dropped afterwards, so that parallel runs do not meet.
 */
final class PostgreSql {

    static final TestDatabase DATABASE = TestDatabase.POSTGRESQL;
    static final String URL = DATABASE.url("faults");

    private PostgreSql() {
    }

    static String newPrefix() {
        return "f" + Long.toString(System.nanoTime(), 36) + "_";
    }

    static HikariDataSource open(String prefix) {
        return DATABASE.open(prefix);
    }

    /** The database settings Affix gets for the prefix; {@code poolSize} matters only when Affix opens the pool itself. */
    static DatabaseSettings settings(String prefix, int poolSize) {
        return new DatabaseSettings(URL, DATABASE.user(), DATABASE.password(), prefix, DatabaseSettings.DEFAULT_RECORD_ID_TYPE,
                true, poolSize);
    }

    /** Affix's configuration in the fault tests: the services given, the prefix's tables, one has-one attachment. */
    static AffixConfig.Builder config(String prefix) {
        return AffixConfig.builder()
                .secret("fault-tests-secret-0123456789")
                .database(settings(prefix, 12))
                .attachment("Doc.file", java.util.Map.of("kind", "one", "dependent", "purge"));
    }

    static void dropTables(DataSource dataSource, String prefix) throws SQLException {
        TestDatabase.dropTables(dataSource, prefix);
    }

    static long count(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError("cannot run " + sql, e);
        }
    }
}

package dev.affix.faults;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The PostgreSQL server these machines run, which the fault tests use: each test gets tables of its
 * own prefix, dropped afterwards, so that parallel runs do not meet.
 */
final class PostgreSql {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";

    private PostgreSql() {
    }

    static String newPrefix() {
        return "f" + Long.toString(System.nanoTime(), 36) + "_";
    }

    static HikariDataSource open(String prefix) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(URL);
        config.setUsername(USER);
        config.setPassword("");
        config.setMaximumPoolSize(8);
        config.setPoolName("faults-" + prefix);
        config.setInitializationFailTimeout(5000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new AssertionError("PostgreSQL at " + URL + " is not reachable (" + e.getMessage() + "). The fault tests need it: "
                    + "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start", e);
        }
    }

    /** The database settings Affix gets for the prefix; {@code poolSize} matters only when Affix opens the pool itself. */
    static DatabaseSettings settings(String prefix, int poolSize) {
        return new DatabaseSettings(URL, USER, "", prefix, DatabaseSettings.DEFAULT_RECORD_ID_TYPE, true, poolSize);
    }

    /** Affix's configuration in the fault tests: the services given, the prefix's tables, one has-one attachment. */
    static AffixConfig.Builder config(String prefix) {
        return AffixConfig.builder()
                .secret("fault-tests-secret-0123456789")
                .database(settings(prefix, 12))
                .attachment("Doc.file", java.util.Map.of("kind", "one", "dependent", "purge"));
    }

    static void dropTables(DataSource dataSource, String prefix) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = connection.getMetaData().getTables(null, null, prefix.toLowerCase(Locale.ROOT) + "%",
                    new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME"));
                }
            }
            try (Statement statement = connection.createStatement()) {
                for (String table : tables) {
                    statement.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
                }
            }
        }
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

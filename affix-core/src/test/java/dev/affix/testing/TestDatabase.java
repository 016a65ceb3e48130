package dev.affix.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The three databases every repository test runs on: H2 in memory, and the PostgreSQL and MariaDB
 * servers that run on these machines. Every module's tests use this one fixture (affix-core's test jar).
 *
 * <p>A machine whose servers live elsewhere points the tests at them with environment variables:
 * {@code AFFIX_TEST_POSTGRESQL_URL}, {@code AFFIX_TEST_POSTGRESQL_USER}, {@code AFFIX_TEST_POSTGRESQL_PASSWORD},
 * and the same three for {@code MARIADB}. A server that cannot be reached fails the test with a message
 * that says how to start it; nothing is skipped.
 */
public enum TestDatabase {
    H2("jdbc:h2:mem:affix-%s;DB_CLOSE_DELAY=-1", "sa", "",
            "(in memory)"),
    POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "",
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"),
    MARIADB("jdbc:mariadb://127.0.0.1:3306/test?sslMode=disable", "root", "",
            "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd");

    private final String url;
    private final String user;
    private final String password;
    private final String howToStart;

    TestDatabase(String url, String user, String password, String howToStart) {
        this.url = setting("URL", url);
        this.user = setting("USER", user);
        this.password = setting("PASSWORD", password);
        this.howToStart = howToStart;
    }

    private String setting(String what, String fallback) {
        String value = this == H2 ? null : System.getenv("AFFIX_TEST_" + name() + "_" + what);
        return value == null ? fallback : value;
    }

    /** The JDBC URL; {@code name} keeps H2 databases apart (the servers have one database, shared). */
    public String url(String name) {
        return url.formatted(name);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A small pool on this database; pools opened with the same {@code name} share one H2 database. */
    public HikariDataSource open(String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url(name));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        config.setPoolName("test-" + name() + "-" + name);
        config.setInitializationFailTimeout(5000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    /** Fails the test, saying how to start the server, when the database does not answer. */
    public AssertionError unreachable(Exception cause) {
        return new AssertionError(this + " at " + url + " is not reachable (" + cause.getMessage() + "). The tests need it: "
                + howToStart + " (or point AFFIX_TEST_" + name() + "_URL at one)", cause);
    }

    /** Drops every table whose name starts with the prefix, so test runs leave nothing behind. */
    public static void dropTables(DataSource dataSource, String prefix) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = connection.getMetaData().getTables(connection.getCatalog(), null, null, new String[] {"TABLE"})) {
                while (rows.next()) {
                    String table = rows.getString("TABLE_NAME");
                    if (table.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))) {
                        tables.add(table);
                    }
                }
            }
            String quote = connection.getMetaData().getIdentifierQuoteString();
            try (Statement statement = connection.createStatement()) {
                // attachments and variant records first: they point at blobs
                tables.sort((a, b) -> Boolean.compare(a.toLowerCase(Locale.ROOT).endsWith("blobs"), b.toLowerCase(Locale.ROOT).endsWith("blobs")));
                for (String table : tables) {
                    statement.execute("DROP TABLE " + quote + table + quote);
                }
            }
        }
    }

    /** The number of rows in a table the test named itself. */
    public static int countRows(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}

package dev.affix.http;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The three databases that the tests of uploads through attachment handles run on, as affix-core's
 * repository tests do: H2 in memory, and the PostgreSQL and MariaDB servers that run on these machines.
 * A server that cannot be reached fails the test with a message that says how to start it; nothing is
 * skipped.
 */
enum TestDatabase {
    H2("jdbc:h2:mem:affix-http-%s;DB_CLOSE_DELAY=-1", "sa", "",
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
        this.url = url;
        this.user = user;
        this.password = password;
        this.howToStart = howToStart;
    }

    /** A small pool on this database; {@code name} keeps H2 instances apart. */
    HikariDataSource open(String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.formatted(name));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        config.setPoolName("test-" + name());
        config.setInitializationFailTimeout(5000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new AssertionError(this + " at " + url + " is not reachable (" + e.getMessage() + "). The tests need it: "
                    + howToStart, e);
        }
    }

    /** Drops every table whose name starts with the prefix, so test runs leave nothing behind. */
    static void dropTables(HikariDataSource dataSource, String prefix) throws SQLException {
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
}

package dev.affix.spring;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The three databases the starter's tests run on: H2 in memory, and the PostgreSQL and MariaDB
 * servers of these machines. A server that cannot be reached fails the test with a message that
 * says how to start it; nothing is skipped.
 */
enum TestDatabase {
    H2("jdbc:h2:mem:sbt-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "(in memory)"),
    POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/test", "postgres",
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"),
    MARIADB("jdbc:mariadb://127.0.0.1:3306/test?sslMode=disable", "root",
            "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd");

    private final String url;
    private final String user;
    private final String howToStart;

    TestDatabase(String url, String user, String howToStart) {
        this.url = url;
        this.user = user;
        this.howToStart = howToStart;
    }

    /** Points the application's data source here, after checking that the database answers. */
    void register(DynamicPropertyRegistry registry) {
        try (Connection probe = DriverManager.getConnection(url, user, "")) {
            probe.isValid(5);
        } catch (SQLException e) {
            throw new AssertionError(this + " at " + url + " is not reachable (" + e.getMessage() + "). The tests need it: "
                    + howToStart, e);
        }
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> user);
        registry.add("spring.datasource.password", () -> "");
    }

    /** Drops every table whose name starts with the prefix, so test runs leave nothing behind. */
    static void dropTables(DataSource dataSource, String prefix) throws SQLException {
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
                tables.sort((a, b) -> Boolean.compare(a.toLowerCase(Locale.ROOT).endsWith("blobs"),
                        b.toLowerCase(Locale.ROOT).endsWith("blobs")));
                for (String table : tables) {
                    statement.execute("DROP TABLE " + quote + table + quote);
                }
            }
        }
    }
}

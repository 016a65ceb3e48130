package dev.affix.jobs.dbscheduler;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The three databases the runner is tested on: H2 in memory, and the PostgreSQL and MariaDB
 * servers that run on these machines (as in affix-core's tests). A server that cannot be reached
 * fails the test with a message that says how to start it; nothing is skipped.
 */
enum TestDatabase {
    H2("jdbc:h2:mem:affix-jobs-%s;DB_CLOSE_DELAY=-1", "sa", "",
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

    /** A small pool on this database; pools opened with the same {@code name} share one H2 database. */
    HikariDataSource open(String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.formatted(name));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        config.setPoolName("test-" + name() + "-" + name);
        config.setInitializationFailTimeout(5000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new AssertionError(this + " at " + url + " is not reachable (" + e.getMessage() + "). The tests need it: "
                    + howToStart, e);
        }
    }

    static void dropTable(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    static int countRows(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}

package dev.affix.spring;

import dev.affix.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a Spring application's data source at one of the test databases. */
final class SpringTestDatabase {

    private SpringTestDatabase() {
    }

    /** Registers the data source properties, after checking that the database answers; H2 gets a database of its own. */
    static void register(TestDatabase database, DynamicPropertyRegistry registry) {
        String url = database.url("sbt-" + UUID.randomUUID());
        try (Connection probe = DriverManager.getConnection(url, database.user(), database.password())) {
            probe.isValid(5);
        } catch (SQLException e) {
            throw database.unreachable(e);
        }
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", database::password);
    }
}

package dev.affix.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.InlineJobRunner;
import dev.affix.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Flyway records Affix's migrations in the table {@code database.history_table} names, PREFIX_schema_history by default. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class HistoryTableTest {

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private String prefix;

    @BeforeEach
    void open() {
        prefix = "ht" + Long.toString(System.nanoTime(), 36) + "_";
        pool = database.open(prefix);
    }

    @AfterEach
    void close() throws SQLException {
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    @Test
    void theHistoryIsKeptInTheNamedTable() throws SQLException {
        DatabaseSettings settings = DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix)
                .withHistoryTable(prefix + "affix_migrations");
        start(settings).close();

        assertThat(exists(prefix + "affix_migrations")).isTrue();
        assertThat(exists(prefix + "schema_history")).isFalse();
        // a second start finds its history there and migrates nothing again
        start(settings).close();
    }

    @Test
    void theDefaultFollowsThePrefix() throws SQLException {
        assertThat(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix("active_storage_").historyTable())
                .isEqualTo("active_storage_schema_history");
        start(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix)).close();

        assertThat(exists(prefix + "schema_history")).isTrue();
        assertThatThrownBy(() -> DatabaseSettings.of("jdbc:unused", null, null).withHistoryTable("history; DROP TABLE x"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("database.history_table");
    }

    private Affix start(DatabaseSettings settings) {
        AffixConfig config = AffixConfig.builder().secret("history-table-test-secret").database(settings).disk("local", dir).build();
        return Affix.builder(config).dataSource(pool).jobRunner(new InlineJobRunner()).build();
    }

    private boolean exists(String table) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            for (String name : new String[] {table, table.toUpperCase(Locale.ROOT)}) {
                try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), null, name, null)) {
                    if (tables.next()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}

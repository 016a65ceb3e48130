package dev.affix.faults;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** What every fault test stands on: Affix's tables on PostgreSQL under a fresh prefix, dropped afterwards, and a private folder. */
abstract class FaultTestOnPostgreSql {

    @TempDir
    Path dir;

    String prefix;
    HikariDataSource pool;

    @BeforeEach
    void open() {
        prefix = PostgreSql.newPrefix();
        pool = PostgreSql.open(prefix);
    }

    @AfterEach
    void drop() throws Exception {
        PostgreSql.dropTables(pool, prefix);
        pool.close();
    }
}

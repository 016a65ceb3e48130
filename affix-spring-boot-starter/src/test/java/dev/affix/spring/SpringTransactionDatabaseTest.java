package dev.affix.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.db.DatabaseException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/** When Affix's rows join a Spring transaction, and when each change commits by itself. */
class SpringTransactionDatabaseTest {

    private HikariDataSource dataSource;
    private HikariDataSource other;
    private SpringTransactionDatabase database;

    @BeforeEach
    void open() {
        dataSource = pool("joined");
        other = pool("other");
        database = new SpringTransactionDatabase(dataSource);
        database.inTransaction(c -> c.createStatement().execute("CREATE TABLE notes (text VARCHAR(20))"));
    }

    @AfterEach
    void close() {
        dataSource.close();
        other.close();
    }

    @Test
    void outsideATransactionEachUnitOfWorkCommitsByItself() {
        assertThat(database.commitsOnReturn()).isTrue();
        database.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO notes VALUES ('alone')"));

        assertThat(count()).isEqualTo(1);
    }

    @Test
    void insideASpringTransactionTheWorkRunsOnItsConnectionAndFollowsItsRollback() {
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(status -> {
            Connection transactional = DataSourceUtils.getConnection(dataSource);
            assertThat(database.commitsOnReturn()).isFalse();
            Connection used = database.inTransaction(c -> {
                c.createStatement().executeUpdate("INSERT INTO notes VALUES ('joined')");
                return c;
            });
            assertThat(used).isSameAs(transactional);
            status.setRollbackOnly();
        });

        assertThat(count()).isZero();
    }

    @Test
    void aTransactionOnAnotherDataSourceIsNotJoined() {
        new TransactionTemplate(new DataSourceTransactionManager(other)).executeWithoutResult(status -> {
            assertThat(database.commitsOnReturn()).isTrue();
            database.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO notes VALUES ('own')"));
            status.setRollbackOnly();
        });

        assertThat(count()).as("committed in a transaction of its own").isEqualTo(1);
    }

    @Test
    void aFailureInsideTheTransactionRollsItBack() {
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> database.inTransaction(c -> {
            c.createStatement().executeUpdate("INSERT INTO notes VALUES ('first')");
            return c.createStatement().executeUpdate("INSERT INTO no_such_table VALUES (1)");
        }))).isInstanceOf(DatabaseException.class).hasMessageContaining("NO_SUCH_TABLE");

        assertThat(count()).isZero();
    }

    private int count() {
        return database.inTransaction(c -> {
            try (ResultSet rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM notes")) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    private static HikariDataSource pool(String name) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        pool.setMaximumPoolSize(4);
        return pool;
    }
}

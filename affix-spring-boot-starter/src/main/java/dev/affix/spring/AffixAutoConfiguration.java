package dev.affix.spring;

import dev.affix.Affix;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.JobRunner;
import dev.affix.storage.StorageServices;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Affix from the {@code affix:} tree of the application's properties (see
 * {@link AffixPropertiesReader}). With no {@code database.url} there, Affix keeps its tables in the
 * application's {@link DataSource} and its attachment rows join Spring transactions
 * ({@link SpringTransactionDatabase}), while what commits on its own goes through a small pool of
 * Affix's on the same database; with one, it opens that database itself. Every bean backs off
 * when the application defines its own.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
public class AffixAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public AffixConfig affixConfig(Environment environment) {
        return AffixPropertiesReader.read(environment);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Affix affix(AffixConfig config, ObjectProvider<DataSource> dataSource, ObjectProvider<AffixBuilderCustomizer> customizers) {
        Affix.Builder builder = Affix.builder(config);
        // the embedded URL is what the configuration holds when it names no database
        if (config.database().url().equals(DatabaseSettings.EMBEDDED_URL)) {
            DataSource application = dataSource.getIfAvailable();
            if (application != null) {
                builder.dataSource(ownPool(application, config.database(), builder)).database(new SpringTransactionDatabase(application));
            }
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * Where Affix does the work that commits on its own (blob rows, upload reservations, lookups):
     * a small pool of its own on the application's database, not the application's pool. Called from
     * inside an application transaction, which holds one of the application's connections, that work
     * would otherwise wait for a second one, and a burst of such requests holding every connection
     * waits on itself until the pool's timeout. A data source that is not Hikari's is shared as it is.
     */
    private static DataSource ownPool(DataSource application, DatabaseSettings settings, Affix.Builder builder) {
        HikariDataSource hikari;
        try {
            if (!application.isWrapperFor(HikariDataSource.class)) {
                return application;
            }
            hikari = application.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            return application;
        }
        HikariDataSource own = new DatabaseSettings(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword(), settings.tablePrefix(),
                settings.recordIdType(), settings.autoMigrate(), settings.poolSize()).openPool();
        builder.closing(own);
        return own;
    }

    /** The configured storage services; closed by {@link Affix#close()}, not by the container. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public StorageServices affixStorageServices(Affix affix) {
        return affix.services();
    }

    /** The runner of Affix's background jobs; closed by {@link Affix#close()}, not by the container. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public JobRunner affixJobRunner(Affix affix) {
        return affix.jobs();
    }
}

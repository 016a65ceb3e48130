package dev.affix.spring;

import dev.affix.Affix;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.JobRunner;
import dev.affix.storage.StorageServices;
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
 * ({@link SpringTransactionDatabase}); with one, it opens that database itself. Every bean backs off
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
                builder.dataSource(application).database(new SpringTransactionDatabase(application));
            }
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
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

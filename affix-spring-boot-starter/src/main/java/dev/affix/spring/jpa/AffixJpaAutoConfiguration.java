package dev.affix.spring.jpa;

import dev.affix.Affix;
import dev.affix.spring.AffixAutoConfiguration;
import dev.affix.spring.AffixBuilderCustomizer;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * With Hibernate on the class path, JPA entities are records without registration
 * ({@link JpaEntityRecords}), and deleting one applies its attachment declarations
 * ({@link RecordDeletionListener}).
 */
@AutoConfiguration(before = AffixAutoConfiguration.class)
@ConditionalOnClass({EntityManagerFactory.class, SessionFactoryImplementor.class})
public class AffixJpaAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public JpaEntityRecords affixJpaEntityRecords() {
        return new JpaEntityRecords();
    }

    @Bean
    @ConditionalOnMissingBean(name = "affixJpaRecordResolver")
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public AffixBuilderCustomizer affixJpaRecordResolver(JpaEntityRecords records) {
        return builder -> builder.recordResolver(records::identify);
    }

    /** Static, as a post-processor must be, so that it does not make this configuration early. */
    @Bean
    @ConditionalOnMissingBean(name = "affixHibernateDeletionListener")
    public static BeanPostProcessor affixHibernateDeletionListener(ObjectProvider<JpaEntityRecords> records,
            ObjectProvider<Affix> affix) {
        return new HibernateDeletionListenerRegistrar(records, affix);
    }
}

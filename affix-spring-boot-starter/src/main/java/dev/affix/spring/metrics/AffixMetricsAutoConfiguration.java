package dev.affix.spring.metrics;

import dev.affix.spring.AffixAutoConfiguration;
import dev.affix.spring.AffixBuilderCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Times every storage service's operations ({@link TimedStorageService}) into the application's
 * {@link MeterRegistry}, when it has one. Turn the timer off as any other meter, e.g. with
 * {@code management.metrics.enable.affix.storage=false}.
 */
@AutoConfiguration(before = AffixAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
public class AffixMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "affixStorageMetrics")
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public AffixBuilderCustomizer affixStorageMetrics(ObjectProvider<MeterRegistry> registry) {
        return builder -> registry.ifUnique(meters -> builder.serviceDecorator(service -> new TimedStorageService(service, meters)));
    }
}

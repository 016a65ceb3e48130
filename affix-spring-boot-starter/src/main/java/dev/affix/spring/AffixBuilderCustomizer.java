package dev.affix.spring;

import dev.affix.Affix;

/**
 * Adjusts the {@link Affix.Builder} before the auto-configured {@link Affix} is built: register
 * record types, declare attachments in code, give a job runner, a clock or a service decorator.
 * Every customizer bean is applied, in {@link org.springframework.core.annotation.Order} order,
 * after the starter has set the data source, the transaction joining, metrics and JPA records, so
 * an application's customizer has the last word.
 */
@FunctionalInterface
public interface AffixBuilderCustomizer {

    void customize(Affix.Builder builder);
}

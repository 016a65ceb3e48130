package dev.affix.spring;

import dev.affix.config.ConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start that failed on Affix's configuration into Spring Boot's failure report, with the
 * core's message (which names the service, attachment or key at fault) and where to fix it.
 */
public final class AffixConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
        return new FailureAnalysis("Affix could not start: " + cause.getMessage(),
                "Correct the affix: section of the application's properties (application.yml), or the AffixConfig bean"
                        + " if the application defines one.",
                cause);
    }
}

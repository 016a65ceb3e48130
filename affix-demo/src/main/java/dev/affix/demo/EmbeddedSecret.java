package dev.affix.demo;

import dev.affix.config.EmbeddedDefaults;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives {@code affix.secret} the embedded default when nothing sets it (no {@code AFFIX_SECRET}, no
 * property): the secret generated once into {@code {demo.home}/data/secret}, the file the
 * {@code affix} command line uses in the same folder, so URLs and signed ids made by one are honoured
 * by the other, and no two installations share a secret.
 */
public class EmbeddedSecret implements EnvironmentPostProcessor {

    static final String PROPERTY = "affix.secret";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(PROPERTY)) {
            return;
        }
        Path home = Path.of(environment.getProperty("demo.home", "."));
        String secret = EmbeddedDefaults.config(home).secret();
        environment.getPropertySources().addLast(new MapPropertySource("affix-embedded-secret", Map.of(PROPERTY, secret)));
    }
}

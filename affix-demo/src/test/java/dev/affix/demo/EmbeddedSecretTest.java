package dev.affix.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The secret the demo signs with when nothing sets one: the embedded default's, shared with the command line. */
class EmbeddedSecretTest {

    @TempDir
    Path home;

    @Test
    void takesTheSecretKeptUnderDataAndCreatesItOnce() throws IOException {
        StandardEnvironment first = environment(Map.of("demo.home", home.toString()));
        new EmbeddedSecret().postProcessEnvironment(first, new SpringApplication());
        String secret = first.getProperty(EmbeddedSecret.PROPERTY);
        assertThat(secret).hasSize(64).isEqualTo(Files.readString(home.resolve("data/secret")).trim());

        StandardEnvironment second = environment(Map.of("demo.home", home.toString()));
        new EmbeddedSecret().postProcessEnvironment(second, new SpringApplication());
        assertThat(second.getProperty(EmbeddedSecret.PROPERTY)).as("a second start").isEqualTo(secret);
    }

    @Test
    void leavesASecretThatIsSetAlone() {
        StandardEnvironment environment = environment(Map.of("demo.home", home.toString(), "affix.secret", "set-by-the-operator-0123"));
        new EmbeddedSecret().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty(EmbeddedSecret.PROPERTY)).isEqualTo("set-by-the-operator-0123");
        assertThat(home.resolve("data/secret")).doesNotExist();
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        // AFFIX_SECRET in the environment of the build would count as a secret that is set
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}

package dev.affix.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.config.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageSettingsTest {

    @Test
    void defaultsToOneHundredMegapixelsAThousandFramesAndTenSeconds() {
        assertThat(ImageSettings.fromConfig(Map.of("waveform_points", 800))).isEqualTo(
                new ImageSettings(100_000_000L, 1_000, Duration.ofSeconds(10)));
    }

    @Test
    void readsNumbersAsYamlGivesThemAndAsEnvironmentSubstitutionGivesThem() {
        assertThat(ImageSettings.fromConfig(Map.of("image_max_pixels", 25_000_000, "image_max_frames", "50", "image_timeout", 2.5)))
                .isEqualTo(new ImageSettings(25_000_000L, 50, Duration.ofMillis(2_500)));
        assertThat(ImageSettings.fromConfig(Map.of("image_max_pixels", 10_000_000_000L, "image_timeout", "30")))
                .isEqualTo(new ImageSettings(10_000_000_000L, 1_000, Duration.ofSeconds(30)));
    }

    @Test
    void refusesValuesThatAreNotPositiveNumbersNamingTheKey() {
        assertThatThrownBy(() -> ImageSettings.fromConfig(Map.of("image_max_pixels", 0))).isInstanceOf(ConfigurationException.class)
                .hasMessage("analysis.image_max_pixels must be positive, not 0");
        assertThatThrownBy(() -> ImageSettings.fromConfig(Map.of("image_max_pixels", "100MP"))).isInstanceOf(ConfigurationException.class)
                .hasMessage("analysis.image_max_pixels must be a whole number, not '100MP'");
        assertThatThrownBy(() -> ImageSettings.fromConfig(Map.of("image_max_frames", -1))).isInstanceOf(ConfigurationException.class)
                .hasMessage("analysis.image_max_frames must be positive, not -1");
        assertThatThrownBy(() -> ImageSettings.fromConfig(Map.of("image_timeout", "soon"))).isInstanceOf(ConfigurationException.class)
                .hasMessage("analysis.image_timeout must be a number of seconds, not 'soon'");
        assertThatThrownBy(() -> ImageSettings.fromConfig(Map.of("image_timeout", 0))).isInstanceOf(ConfigurationException.class)
                .hasMessage("analysis.image_timeout must be a positive number of seconds, not '0'");
    }
}

package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointOptionsFromConfigTest {

    @TempDir
    Path dir;

    @Test
    void readsTheHttpSectionOfTheConfiguration() throws IOException {
        EndpointOptions options = EndpointOptions.from(load("""
                  redirect_expires_in: 10m
                  direct_upload_expires_in: 90
                  max_range_bytes: 8MiB
                  direct_uploads:
                    max_byte_size: 50MiB
                    allowed_content_types: [image/*, application/pdf]
                  inline_content_types: [image/png]
                """).http());

        assertThat(options.redirectExpiry()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.directUploadExpiry()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.maxRangeBytes()).isEqualTo(8L << 20);
        assertThat(options.maxDirectUploadBytes()).isEqualTo(50L << 20);
        assertThat(options.allowedDirectUploadTypes()).containsExactlyInAnyOrder("image/*", "application/pdf");
        assertThat(options.inlineContentTypes()).containsExactly("image/png");
    }

    @Test
    void readsUrlExpiryAndTheDirectUploadRateLimit() throws IOException {
        EndpointOptions options = EndpointOptions.from(load("""
                  urls_expire_in: 1h
                  direct_uploads:
                    rate_limit: { requests: 60, bytes: 1GiB, per: 1m }
                """).http());
        EndpointOptions countOnly = EndpointOptions.from(load("""
                  direct_uploads: { rate_limit: { requests: "10", per: PT30S } }
                """).http());

        assertThat(options.urlExpiry()).contains(Duration.ofHours(1));
        assertThat(options.directUploadRateLimit()).contains(new DirectUploadRateLimit(60, 1L << 30, Duration.ofMinutes(1)));
        assertThat(countOnly.directUploadRateLimit())
                .contains(new DirectUploadRateLimit(10, DirectUploadRateLimit.UNLIMITED, Duration.ofSeconds(30)));
        assertThat(EndpointOptions.defaults().urlExpiry()).isEmpty();
        assertThat(EndpointOptions.defaults().directUploadRateLimit()).isEmpty();
    }

    @Test
    void badRateLimitsAndExpiriesNameTheKey() {
        assertThatThrownBy(() -> EndpointOptions.from(load("  urls_expire_in: soon\n").http()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("urls_expire_in 'soon' is not a duration");
        assertThatThrownBy(() -> EndpointOptions.from(load("  urls_expire_in: 0\n").http()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("urlExpiry must be at least one second");
        assertThatThrownBy(() -> EndpointOptions.from(load("  direct_uploads: { rate_limit: { requests: 5 } }\n").http()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs per");
        assertThatThrownBy(() -> EndpointOptions.from(load("  direct_uploads: { rate_limit: { per: 1m } }\n").http()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs requests, bytes or both");
        assertThatThrownBy(() -> EndpointOptions.from(load("  direct_uploads: { rate_limit: { requests: many, per: 1m } }\n").http()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("requests 'many' is not a whole number");
        assertThatThrownBy(() -> EndpointOptions.from(load("  direct_uploads: { rate_limit: { requests: 5, per: 1m, burst: 2 } }\n").http()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("unknown key 'rate_limit.burst'");
        assertThatThrownBy(() -> EndpointOptions.from(load("  direct_uploads: { rate_limit: 60 }\n").http()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("rate_limit must be a map");
    }

    @Test
    void absentKeysKeepTheDefaults() throws IOException {
        assertThat(EndpointOptions.from(load("  prefix: /files\n").http())).isEqualTo(EndpointOptions.defaults());
    }

    @Test
    void badValuesNameTheKey() throws IOException {
        assertThatThrownBy(() -> EndpointOptions.from(load("  max_range_bytes: lots\n").http()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("max_range_bytes 'lots' is not a size");
        assertThatThrownBy(() -> EndpointOptions.from(load("  inline_content_types: [text/html]\n").http()))
                .hasMessageContaining("a browser would run");
        assertThatThrownBy(() -> EndpointOptions.from(load("  direct_uploads: { max_size: 1 }\n").http()))
                .hasMessageContaining("unknown key 'direct_uploads.max_size'");
        assertThatThrownBy(() -> load("  max_ranges: 1\n")).hasMessageContaining("unknown key 'http.max_ranges'");
    }

    private AffixConfig load(String httpSection) throws IOException {
        Path file = Files.writeString(dir.resolve("affix.yml"), """
                default_service: local
                secret: a-long-enough-secret
                http:
                %s
                services:
                  local: { service: Disk, root: %s/storage }
                """.formatted(httpSection.stripTrailing(), dir));
        return AffixConfig.load(file, null, Map.of());
    }
}

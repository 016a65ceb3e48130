package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointOptionsTest {

    @Test
    void defaultsFollowRails() {
        EndpointOptions defaults = EndpointOptions.defaults();

        assertThat(defaults.redirectExpiry()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.directUploadExpiry()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.maxRangeBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(defaults.maxDirectUploadBytes()).isEqualTo(5L * 1024 * 1024 * 1024);
        assertThat(defaults.allowedDirectUploadTypes()).isEmpty();
        assertThat(defaults.inlineContentTypes()).contains("image/png", "image/jpeg", "application/pdf").doesNotContain("text/plain");
        assertThat(defaults.allowsDirectUploadOf("application/x-anything")).isTrue();
        assertThat(DirectUploadAuthorizer.ALLOW_ALL.allows(null, null)).isTrue();
    }

    @Test
    void allowedTypesMatchExactlyOrByTopLevelType() {
        EndpointOptions options = EndpointOptions.builder().allowedDirectUploadTypes(List.of("Image/*", "application/pdf")).build();

        assertThat(options.allowsDirectUploadOf("image/png")).isTrue();
        assertThat(options.allowsDirectUploadOf("IMAGE/JPEG; q=1")).isTrue();
        assertThat(options.allowsDirectUploadOf("application/pdf")).isTrue();
        assertThat(options.allowsDirectUploadOf("application/pdfx")).isFalse();
        assertThat(options.allowsDirectUploadOf("imagex/png")).isFalse();
        assertThat(options.allowsDirectUploadOf("text/html")).isFalse();
    }

    @Test
    void refusesToShowActiveContentInline() {
        assertThatThrownBy(() -> EndpointOptions.builder().inlineContentTypes(List.of("image/png", "image/svg+xml")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image/svg+xml");
        assertThatThrownBy(() -> EndpointOptions.builder().inlineContentTypes(List.of("text/html")).build())
                .hasMessageContaining("text/html");
        assertThatThrownBy(() -> EndpointOptions.builder().inlineContentTypes(List.of("image/*")).build())
                .hasMessageContaining("type/subtype");
    }

    @Test
    void refusesMeaninglessValues() {
        assertThatThrownBy(() -> EndpointOptions.builder().redirectExpiry(Duration.ofMillis(500)).build()).hasMessageContaining("redirectExpiry");
        assertThatThrownBy(() -> EndpointOptions.builder().directUploadExpiry(Duration.ZERO).build()).hasMessageContaining("directUploadExpiry");
        assertThatThrownBy(() -> EndpointOptions.builder().maxRangeBytes(0).build()).hasMessageContaining("maxRangeBytes");
        assertThatThrownBy(() -> EndpointOptions.builder().maxDirectUploadBytes(-1).build()).hasMessageContaining("maxDirectUploadBytes");
        assertThatThrownBy(() -> EndpointOptions.builder().allowedDirectUploadTypes(List.of("*/*")).build()).hasMessageContaining("*/*");
        assertThatThrownBy(() -> EndpointOptions.builder().allowedDirectUploadTypes(List.of("image")).build()).hasMessageContaining("image");
    }
}

package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.storage.Disposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServingPolicyTest {

    private final ServingPolicy policy = new ServingPolicy(EndpointOptions.DEFAULT_INLINE_CONTENT_TYPES);

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "Text/HTML; charset=utf-8", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/xml",
        "application/atom+xml", "text/javascript", "application/javascript", "application/ecmascript", "application/x-shockwave-flash",
        "application/postscript", "application/mathml+xml", "text/cache-manifest"})
    void typesABrowserWouldRunAreBinaryAttachments(String type) {
        assertThat(policy.contentType(type)).isEqualTo("application/octet-stream");
        assertThat(policy.disposition(type, Disposition.INLINE)).isEqualTo(Disposition.ATTACHMENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "application/pdf", "IMAGE/PNG"})
    void allowListedTypesAreInlineUnlessAnAttachmentIsAsked(String type) {
        assertThat(policy.contentType(type)).isEqualTo(type);
        assertThat(policy.disposition(type, Disposition.INLINE)).isEqualTo(Disposition.INLINE);
        assertThat(policy.disposition(type, Disposition.ATTACHMENT)).isEqualTo(Disposition.ATTACHMENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/css", "video/mp4", "application/zip"})
    void otherTypesKeepTheirTypeAsAttachments(String type) {
        assertThat(policy.contentType(type)).isEqualTo(type);
        assertThat(policy.disposition(type, Disposition.INLINE)).isEqualTo(Disposition.ATTACHMENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text", "text/", "/plain", "text/plain\r\nX-Injected: 1", "text/plain; charset=\"a\rb\"", "image/png extra",
        "text/plain;", "ümlaut/type"})
    void malformedTypesAreBinaryAttachments(String type) {
        assertThat(policy.contentType(type)).isEqualTo("application/octet-stream");
        assertThat(policy.disposition(type, Disposition.INLINE)).isEqualTo(Disposition.ATTACHMENT);
    }

    @Test
    void nullIsBinary() {
        assertThat(policy.contentType(null)).isEqualTo("application/octet-stream");
        assertThat(policy.disposition(null, Disposition.INLINE)).isEqualTo(Disposition.ATTACHMENT);
    }

    @Test
    void theDispositionParameterAsksForInlineOnlyWhenAbsentOrInline() {
        assertThat(ServingPolicy.requested(null)).isEqualTo(Disposition.INLINE);
        assertThat(ServingPolicy.requested("INLINE")).isEqualTo(Disposition.INLINE);
        assertThat(ServingPolicy.requested("attachment")).isEqualTo(Disposition.ATTACHMENT);
        assertThat(ServingPolicy.requested("inline; filename=x")).isEqualTo(Disposition.ATTACHMENT);
    }

    @Test
    void mediaTypesKeepTheirParametersAndCompareByEssence() {
        MediaType type = MediaType.parse(" Text/Plain; charset=\"utf-8\" ").orElseThrow();

        assertThat(type.text()).isEqualTo("Text/Plain; charset=\"utf-8\"");
        assertThat(type.essence()).isEqualTo("text/plain");
        assertThat(MediaType.parse("a/" + "b".repeat(300))).isEmpty();
    }
}

package dev.affix.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedContentTypesTest {

    @Test
    void exactTypesAndFamiliesMatchOnTheEssence() {
        AllowedContentTypes allowed = AllowedContentTypes.parse("image/*, application/PDF");

        assertThat(allowed.allows("image/png")).isTrue();
        assertThat(allowed.allows("IMAGE/JPEG; q=1")).isTrue();
        assertThat(allowed.allows("application/pdf")).isTrue();
        assertThat(allowed.allows("application/pdfx")).isFalse();
        assertThat(allowed.allows("imagex/png")).isFalse();
        assertThat(allowed.allows("text/plain")).isFalse();
        assertThat(allowed.allows("not a type")).isFalse();
        assertThat(allowed.allows(null)).isFalse();
    }

    @Test
    void aFamilyNeverAdmitsATypeThatBrowsersRun() {
        assertThat(AllowedContentTypes.of(List.of("image/*")).allows("image/svg+xml")).isFalse();
        assertThat(AllowedContentTypes.of(List.of("text/*")).allows("text/html")).isFalse();
        assertThat(AllowedContentTypes.of(List.of("text/*")).allows("text/x-php")).isFalse();
        assertThat(AllowedContentTypes.of(List.of("image/*", "image/svg+xml")).allows("image/svg+xml")).isTrue();
    }

    @Test
    void emptyAllowsAnyWellFormedType() {
        assertThat(AllowedContentTypes.parse(null).allows("text/html")).isTrue();
        assertThat(AllowedContentTypes.any().allows("???")).isFalse();
    }

    @Test
    void malformedPatternsAreRefused() {
        assertThatThrownBy(() -> AllowedContentTypes.of(List.of("image"))).hasMessageContaining("'image'");
        assertThatThrownBy(() -> AllowedContentTypes.of(List.of("*/*"))).hasMessageContaining("'*/*'");
        assertThatThrownBy(() -> AllowedContentTypes.of(List.of("image/png; x=1"))).hasMessageContaining("image/png; x=1");
    }
}

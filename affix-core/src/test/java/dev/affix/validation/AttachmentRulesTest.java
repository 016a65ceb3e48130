package dev.affix.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.blob.Blob;
import dev.affix.config.ConfigurationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttachmentRulesTest {

    @Test
    void everyBrokenRuleIsNamedWithItsValues() {
        AttachmentRules rules = AttachmentRules.fromConfig("attachment 'User.avatar'", Map.of("content_types", List.of("image/png", "image/*"),
                "max_byte_size", "1KiB", "min_byte_size", 1, "min_width", 100, "max_height", 500, "aspect_ratio", "square"));

        List<Violation> broken = rules.check(blob("x.svg", "image/svg+xml", 2048), Map.of("width", 50, "height", 600));

        assertThat(broken).extracting(Violation::rule).containsExactly("content_types", "max_byte_size", "min_width", "max_height",
                "aspect_ratio");
        assertThat(broken.get(0).message()).contains("'x.svg' is image/svg+xml");
        assertThat(broken.get(1).message()).contains("2048 bytes, more than 1024");
        assertThat(broken.get(2).message()).contains("50 pixels wide, less than 100");
        assertThat(broken.get(4).message()).contains("50x600, not square");
    }

    @Test
    void aFamilyOfTypesAdmitsItsMembersButNeverAnActiveOne() {
        AttachmentRules rules = AttachmentRules.fromConfig("here", Map.of("content_types", List.of("image/*")));

        assertThat(rules.check(blob("a.png", "image/png", 10), Map.of())).isEmpty();
        assertThat(rules.check(blob("a.svg", "image/svg+xml", 10), Map.of())).extracting(Violation::rule).containsExactly("content_types");
        assertThat(rules.check(blob("a.pdf", "application/pdf", 10), Map.of())).extracting(Violation::rule).containsExactly("content_types");
    }

    @Test
    void aspectRatiosHoldWithinHalfAPercent() {
        AttachmentRules wide = AttachmentRules.fromConfig("here", Map.of("aspect_ratio", "16:9"));

        assertThat(wide.check(blob("a.png", "image/png", 10), Map.of("width", 1920, "height", 1080))).isEmpty();
        assertThat(wide.check(blob("a.png", "image/png", 10), Map.of("width", 1366, "height", 768))).isEmpty();
        assertThat(wide.check(blob("a.png", "image/png", 10), Map.of("width", 1600, "height", 1200))).hasSize(1);
        assertThat(AttachmentRules.fromConfig("here", Map.of("aspect_ratio", "portrait")).check(blob("a.png", "image/png", 10),
                Map.of("width", 10, "height", 20))).isEmpty();
    }

    @Test
    void dimensionRulesRefuseAFileWhoseDimensionsNoAnalyzerRead() {
        AttachmentRules rules = AttachmentRules.fromConfig("here", Map.of("max_width", 10));

        assertThat(rules.needsDimensions()).isTrue();
        assertThat(rules.check(blob("notes.txt", "text/plain", 10), Map.of())).extracting(Violation::rule).containsExactly("dimensions");
    }

    @Test
    void countsAreCheckedForTheWholeSlot() {
        AttachmentRules rules = AttachmentRules.fromConfig("here", Map.of("min_count", 2, "max_count", 3));

        assertThat(rules.checkCount(1)).extracting(Violation::rule).containsExactly("min_count");
        assertThat(rules.checkCount(3)).isEmpty();
        assertThat(rules.checkCount(4)).extracting(Violation::message).containsExactly("4 files, more than 3");
    }

    @Test
    void mistakesInTheRulesStopTheStartNamingThem() {
        assertThatThrownBy(() -> AttachmentRules.fromConfig("attachment 'A.b'", Map.of("max_size", 1)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("attachment 'A.b'").hasMessageContaining("unknown rule 'max_size'");
        assertThatThrownBy(() -> AttachmentRules.fromConfig("here", Map.of("max_byte_size", "lots"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("max_byte_size 'lots' is not a size");
        assertThatThrownBy(() -> AttachmentRules.fromConfig("here", Map.of("aspect_ratio", "wide"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("aspect_ratio 'wide'");
        assertThatThrownBy(() -> AttachmentRules.fromConfig("here", Map.of("content_types", List.of("image/(png|jpeg)"))))
                .isInstanceOf(ConfigurationException.class);
    }

    private static Blob blob(String filename, String contentType, long size) {
        return new Blob(1, "k", filename, contentType, Map.of(), "local", size, null, Instant.EPOCH);
    }
}

package dev.affix.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.storage.Disposition;
import org.junit.jupiter.api.Test;

/** Content-Disposition values as RFC 6266 and RFC 5987 want them, for any filename. */
class ContentDispositionTest {

    @Test
    void plainNamesAppearInBothForms() {
        assertThat(ContentDisposition.of(Disposition.ATTACHMENT, "report-2026.pdf"))
                .isEqualTo("attachment; filename=\"report-2026.pdf\"; filename*=UTF-8''report-2026.pdf");
    }

    @Test
    void theQuotedFormIsSafeAsciiAndTheExtendedFormKeepsEveryCharacter() {
        assertThat(ContentDisposition.of(Disposition.INLINE, "a \"b\\c\" 100% ü€.txt"))
                .isEqualTo("inline; filename=\"a _b_c_ 100_ __.txt\"; "
                        + "filename*=UTF-8''a%20%22b%5Cc%22%20100%25%20%C3%BC%E2%82%AC.txt");
    }

    @Test
    void noFilenameGivesTheBareType() {
        assertThat(ContentDisposition.of(Disposition.INLINE, null)).isEqualTo("inline");
        assertThat(ContentDisposition.of(Disposition.ATTACHMENT, "")).isEqualTo("attachment");
    }
}

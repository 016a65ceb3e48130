package dev.affix.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentDispositionTest {

    @Test
    void plainNameHasBothForms() {
        assertThat(ContentDisposition.format(Disposition.ATTACHMENT, "report.pdf"))
                .isEqualTo("attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
    }

    @Test
    void unicodeIsPercentEncodedAndReplacedInTheAsciiForm() {
        assertThat(ContentDisposition.format(Disposition.INLINE, "naïve café.png"))
                .isEqualTo("inline; filename=\"na_ve caf_.png\"; filename*=UTF-8''na%C3%AFve%20caf%C3%A9.png");
    }

    @Test
    void quotesBackslashesAndLineBreaksCannotEscapeTheHeader() {
        String header = ContentDisposition.format(Disposition.ATTACHMENT, "a\"b\\c\r\nSet-Cookie: x=1.txt");

        assertThat(header).doesNotContain("\r").doesNotContain("\n").doesNotContain("\\");
        assertThat(header).startsWith("attachment; filename=\"a_b_cSet-Cookie: x=1.txt\"; filename*=UTF-8''a%22b%5CcSet-Cookie%3A%20x%3D1.txt");
    }

    @Test
    void noFilenameMeansTheBareDisposition() {
        assertThat(ContentDisposition.format(Disposition.INLINE, null)).isEqualTo("inline");
    }
}

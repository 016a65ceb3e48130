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
        assertThat(header).startsWith("attachment; filename=\"a_b_c--Set-Cookie: x=1.txt\"; filename*=UTF-8''a%22b%5Cc--Set-Cookie%3A%20x%3D1.txt");
    }

    @Test
    void invisibleAndBidirectionalCharactersAreReplacedVisibly() {
        for (int hidden : new int[] {0x202E, 0x202D, 0x2066, 0x2067, 0x2068, 0x2069, 0x200B, 0x200E, 0x2028, 0x2029, 0xFEFF, 0xFFFF}) {
            String name = "evil" + new String(Character.toChars(hidden)) + "fdp.exe";

            assertThat(ContentDisposition.format(Disposition.ATTACHMENT, name))
                    .as("U+%04X", hidden)
                    .isEqualTo("attachment; filename=\"evil-fdp.exe\"; filename*=UTF-8''evil-fdp.exe");
        }
    }

    @Test
    void aLoneSurrogateIsReplacedAndOrdinaryUnicodeKept() {
        assertThat(ContentDisposition.format(Disposition.INLINE, "a\uD800b 😀.png"))
                .isEqualTo("inline; filename=\"a-b _.png\"; filename*=UTF-8''a-b%20%F0%9F%98%80.png");
    }

    @Test
    void objectsOfTypesThatBrowsersRunAreStoredAsAttachments() {
        assertThat(ContentDisposition.forMetadata(ObjectMetadata.none().withContentType("text/html")))
                .contains("attachment");
        assertThat(ContentDisposition.forMetadata(new ObjectMetadata("image/svg+xml", "a.svg", Disposition.INLINE, null)))
                .contains("attachment; filename=\"a.svg\"; filename*=UTF-8''a.svg");
        assertThat(ContentDisposition.forMetadata(ObjectMetadata.none().withContentType("image/png"))).isEmpty();
        assertThat(ContentDisposition.forMetadata(ObjectMetadata.none().withContentType("image/png").withFilename("a.png")))
                .contains("inline; filename=\"a.png\"; filename*=UTF-8''a.png");
    }

    @Test
    void noFilenameMeansTheBareDisposition() {
        assertThat(ContentDisposition.format(Disposition.INLINE, null)).isEqualTo("inline");
    }
}

package dev.affix.storage.disk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.storage.ContentDisposition;
import dev.affix.storage.Disposition;
import org.junit.jupiter.api.Test;

/** The Content-Disposition values in Rails' Disk tokens, read back into a type and a filename. */
class DispositionHeaderTest {

    @Test
    void readsWhatRailsWrites() {
        // ActionDispatch::Http::ContentDisposition.format(disposition: "attachment", filename: "naïve résumé.pdf")
        assertThat(DispositionHeader.parse("attachment; filename=\"na%3Fve r%3Fsum%3F.pdf\"; filename*=UTF-8''na%C3%AFve%20r%C3%A9sum%C3%A9.pdf"))
                .contains(new DispositionHeader.Parsed(Disposition.ATTACHMENT, "naïve résumé.pdf"));
        assertThat(DispositionHeader.parse("inline")).contains(new DispositionHeader.Parsed(Disposition.INLINE, null));
        assertThat(DispositionHeader.parse("inline; filename=\"a.txt\"")).contains(new DispositionHeader.Parsed(Disposition.INLINE, "a.txt"));
    }

    @Test
    void readsWhatAffixWrites() {
        for (String filename : new String[] {"my cat.png", "a;b \"c\" 100%.txt", "ünï; filename*=x.txt"}) {
            assertThat(DispositionHeader.parse(ContentDisposition.format(Disposition.INLINE, filename)))
                    .as(filename).contains(new DispositionHeader.Parsed(Disposition.INLINE, filename));
        }
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {null, "", "form-data", "inline; name=\"x\"", "inline; filename*=UTF-8''%G1", "inline; filename*=UTF-8''%4",
            "inline; filename*=UTF-8''ü", "inline; filename=unquoted", "inline; filename=\"a\"b\"", "inline; filename=\"a\"; x=y"}) {
            assertThat(DispositionHeader.parse(bad)).as("%s", bad).isEmpty();
        }
    }
}

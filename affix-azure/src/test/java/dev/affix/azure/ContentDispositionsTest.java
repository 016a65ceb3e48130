package dev.affix.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.storage.Disposition;
import org.junit.jupiter.api.Test;

class ContentDispositionsTest {

    @Test
    void withoutAFilenameOnlyTheTypeIsGiven() {
        assertThat(ContentDispositions.of(Disposition.ATTACHMENT, null)).isEqualTo("attachment");
        assertThat(ContentDispositions.of(null, " ")).isEqualTo("inline");
    }

    @Test
    void plainNamesAppearInBothForms() {
        assertThat(ContentDispositions.of(Disposition.INLINE, "photo-1.png"))
                .isEqualTo("inline; filename=\"photo-1.png\"; filename*=UTF-8''photo-1.png");
    }

    @Test
    void quotesBackslashesAndNonAsciiAreReplacedInTheFallbackAndEncodedInFilenameStar() {
        assertThat(ContentDispositions.of(Disposition.ATTACHMENT, "naïve \"quote\" \\ 文件.txt"))
                .isEqualTo("attachment; filename=\"na_ve _quote_ _ __.txt\"; "
                        + "filename*=UTF-8''na%C3%AFve%20%22quote%22%20%5C%20%E6%96%87%E4%BB%B6.txt");
    }

    @Test
    void controlCharactersCannotSplitTheHeader() {
        assertThat(ContentDispositions.of(Disposition.ATTACHMENT, "evil\r\nSet-Cookie: x=1.txt"))
                .isEqualTo("attachment; filename=\"evilSet-Cookie_ x=1.txt\"; filename*=UTF-8''evilSet-Cookie%3A%20x%3D1.txt");
    }
}

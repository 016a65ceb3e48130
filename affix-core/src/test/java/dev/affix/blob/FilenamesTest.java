package dev.affix.blob;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FilenamesTest {

    @Test
    void bidirectionalOverridesCannotDisguiseAnExtension() {
        assertThat(Filenames.sanitize("evil\u202Efdp.exe")).isEqualTo("evil-fdp.exe");
        assertThat(Filenames.sanitize("evil\u202Dfdp.exe")).isEqualTo("evil-fdp.exe");
        assertThat(Filenames.sanitize("report\u2066\u2067\u2068\u2069.pdf")).isEqualTo("report----.pdf");
    }

    @Test
    void invisibleCharactersAndSeparatorsAreReplaced() {
        assertThat(Filenames.sanitize("in\u200Bvisible\u200E.txt")).isEqualTo("in-visible-.txt");
        assertThat(Filenames.sanitize("line\u2028para\u2029.txt")).isEqualTo("line-para-.txt");
        assertThat(Filenames.sanitize("\uFEFFbom.txt")).isEqualTo("-bom.txt");
        assertThat(Filenames.sanitize("lone\uD800.txt")).isEqualTo("lone-.txt");
    }

    @Test
    void visibleUnicodeIsKept() {
        assertThat(Filenames.sanitize("naïve café 😀 写真.png")).isEqualTo("naïve café 😀 写真.png");
        assertThat(Filenames.sanitize("שלום.txt")).isEqualTo("שלום.txt");
    }

    @Test
    void foldersQuotesAndControlCharactersAreRemovedAsBefore() {
        assertThat(Filenames.sanitize("../../etc/pass\"wd\r\n.png")).isEqualTo("pass-wd--.png");
        assertThat(Filenames.sanitize("...")).isEqualTo("file");
        assertThat(Filenames.sanitize(null)).isEqualTo("file");
    }
}

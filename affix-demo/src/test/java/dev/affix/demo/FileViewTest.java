package dev.affix.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileViewTest {

    @Test
    void invisibleAndBidirectionalCharactersAreWrittenOut() {
        assertThat(FileView.visible("evil\u202Efdp.exe")).isEqualTo("evil<U+202E>fdp.exe");
        assertThat(FileView.visible("a\u200Bb\u2066c")).isEqualTo("a<U+200B>b<U+2066>c");
        assertThat(FileView.visible("naïve 😀.png")).isEqualTo("naïve 😀.png");
    }
}

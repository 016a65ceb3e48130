package dev.affix.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorageKeysTest {

    @Test
    void aLoneSurrogateIsNotAKeyWhereverItStands() {
        for (String bad : List.of("x\uD800y", "x\uDC00y", "end\uD83D", "\uDE00start", "swapped\uDE00\uD83D")) {
            // what the key would otherwise become on disk: no path at all
            assertThatThrownBy(() -> Path.of("/tmp").resolve(bad)).isInstanceOf(InvalidPathException.class);

            assertThatThrownBy(() -> StorageKeys.requireValidKey(bad)).as(bad)
                    .isInstanceOf(InvalidKeyException.class)
                    .hasMessageContaining("lone surrogate")
                    .hasMessageNotContaining("\uD800").hasMessageNotContaining("\uDC00");
            assertThatThrownBy(() -> StorageKeys.requireValidPrefix(bad + "/")).as(bad).isInstanceOf(InvalidKeyException.class);
        }
    }

    @Test
    void surrogatePairsAndOtherUnicodeAreFine() {
        for (String good : List.of("emoji/\uD83D\uDE00.png", "r\u00e9sum\u00e9 \u20ac.pdf", "\uD83D\uDE00", "a/\uD83D\uDE00\uD83D\uDE01/b")) {
            assertThat(StorageKeys.requireValidKey(good)).isEqualTo(good);
        }
    }

    @Test
    void theOtherRulesStillHold() {
        for (String bad : List.of("", "/absolute", "../escape", "a/./b", "a//b", "nul\0byte", "line\nbreak", "trailing/")) {
            assertThatThrownBy(() -> StorageKeys.requireValidKey(bad)).as("key %s", bad).isInstanceOf(InvalidKeyException.class);
        }
    }
}

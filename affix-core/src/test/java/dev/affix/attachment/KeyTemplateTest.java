package dev.affix.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.config.ConfigurationException;
import dev.affix.storage.InvalidKeyException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeyTemplateTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    @Test
    void fillsEveryPlaceholder() {
        String key = KeyTemplate.parse("{tenant}/{yyyy}/{mm}/{dd}/{record_type}-{record_id}/{name}/{random}")
                .resolve(new KeyTemplate.Context("acme", RecordRef.of("User", "7f3a-uuid"), "avatar", NOW));

        assertThat(key).matches("acme/2026/03/04/User-7f3a-uuid/avatar/[0-9a-z]{28}");
    }

    @Test
    void aRecordNotSavedYetFillsEverythingButItsId() {
        KeyTemplate byType = KeyTemplate.parse("{tenant}/{record_type}/{name}/{random}");
        KeyTemplate byRecord = KeyTemplate.parse("{record_type}/{record_id}/{random}");

        assertThat(byType.resolve(new KeyTemplate.Context("acme", "Post", null, "files", NOW))).matches("acme/Post/files/[0-9a-z]{28}");
        assertThat(byType.usesRecordId()).isFalse();
        assertThat(byRecord.usesRecordId()).isTrue();
        assertThatThrownBy(() -> byRecord.resolve(new KeyTemplate.Context(null, "Post", null, "files", NOW)))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("needs a record id, and none was given");
    }

    @Test
    void badTemplatesFailAtStart() {
        assertThatThrownBy(() -> KeyTemplate.parse("{tenant}/{id}/{random}")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown placeholder {id}");
        assertThatThrownBy(() -> KeyTemplate.parse("{tenant}/fixed")).hasMessageContaining("must contain {random}");
        assertThatThrownBy(() -> KeyTemplate.parse("/{random}")).hasMessageContaining("cannot make valid keys");
        assertThatThrownBy(() -> KeyTemplate.parse("../{random}")).hasMessageContaining("cannot make valid keys");
    }

    @Test
    void valuesThatWouldChangeThePathAreRefused() {
        KeyTemplate template = KeyTemplate.parse("{tenant}/{record_id}/{random}");

        for (String bad : new String[] {"..", "a/b", "a b", "", ".hidden", "x\u0000"}) {
            assertThatThrownBy(() -> template.resolve(new KeyTemplate.Context(bad, RecordRef.of("User", 1), "a", NOW)))
                    .as(bad).isInstanceOf(InvalidKeyException.class);
        }
    }
}

package dev.affix.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecordRefTest {

    @Test
    void aNamespacedTypeKeepsItsDoubleColons() {
        assertThat(RecordRef.parse("Admin::User:42")).isEqualTo(RecordRef.of("Admin::User", 42));
        assertThat(RecordRef.parse("Shop::Admin::User:7")).isEqualTo(RecordRef.of("Shop::Admin::User", 7));
    }

    @Test
    void theIdMayHoldColons() {
        assertThat(RecordRef.parse("User:42")).isEqualTo(RecordRef.of("User", 42));
        assertThat(RecordRef.parse("Note:2026:07")).isEqualTo(RecordRef.of("Note", "2026:07"));
        assertThat(RecordRef.parse("Admin::Note:a::b")).isEqualTo(RecordRef.of("Admin::Note", "a::b"));
    }

    @Test
    void textWithoutATypeAndAnIdIsRefused() {
        for (String bad : new String[] {"User", "User:", ":42", "Admin::User", "Admin::User:", "::42"}) {
            assertThatThrownBy(() -> RecordRef.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("TYPE:ID");
        }
    }
}

package dev.affix.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.config.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** record_table and record_id_column: read from YAML and code alike, and only plain names admitted. */
class RecordTableTest {

    @Test
    void theConfigurationAndTheBuilderNameTheSameTable() {
        AttachmentDeclaration read = AttachmentDeclaration.fromConfig("Post.cover", Map.of("record_table", "app.posts",
                "record_id_column", "uuid"));
        AttachmentDeclaration built = AttachmentDeclaration.one("Post", "cover").recordTable("app.posts", "uuid");

        assertThat(read.recordTable()).isEqualTo(built.recordTable()).isEqualTo(new RecordTable("app.posts", "uuid"));
        assertThat(read.recordTable().schema()).isEqualTo("app");
        assertThat(read.recordTable().tableName()).isEqualTo("posts");
        assertThat(AttachmentDeclaration.fromConfig("Post.cover", Map.of("record_table", "posts")).recordTable().idColumn())
                .isEqualTo("id");
        assertThat(AttachmentDeclaration.fromConfig("Post.cover", Map.of()).recordTable()).isNull();
        assertThat(built.keys("{record_id}/{random}").recordTable()).as("kept by the other settings").isEqualTo(built.recordTable());
    }

    @Test
    void onlyPlainNamesAreAdmitted() {
        for (String table : new String[] {"posts; DROP TABLE users", "1posts", "a.b.c", "\"posts\"", "posts ", "", "p".repeat(64)}) {
            assertThatThrownBy(() -> AttachmentDeclaration.fromConfig("Post.cover", Map.of("record_table", table)))
                    .as(table).isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("attachment 'Post.cover': record_table '" + table + "' is not a table name");
        }
        assertThatThrownBy(() -> AttachmentDeclaration.one("Post", "cover").recordTable("posts", "id OR 1=1"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("record_id_column 'id OR 1=1' is not a column name");
        assertThatThrownBy(() -> AttachmentDeclaration.fromConfig("Post.cover", Map.of("record_id_column", "id")))
                .isInstanceOf(ConfigurationException.class).hasMessage("attachment 'Post.cover': record_id_column needs record_table");
        assertThatThrownBy(() -> AttachmentDeclaration.fromConfig("Post.cover", Map.of("record_tabel", "posts")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("record_table, record_id_column");
    }
}

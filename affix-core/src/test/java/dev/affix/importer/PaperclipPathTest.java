package dev.affix.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keys as Paperclip makes them. The expected paths were printed by Paperclip's own interpolations
 * (6.1, with ActiveSupport 6.1's inflections) for the same class, id, attachment and file name.
 */
class PaperclipPathTest {

    @ParameterizedTest(name = "{0} {1} {2} {3} {4}")
    @CsvSource(delimiter = '|', textBlock = """
            User          | 1234          | avatar | me.jpg         | :class/:attachment/:id_partition/:style/:filename | users/avatars/000/001/234/original/me.jpg
            User          | 0             | avatar | me.jpg         | :class/:attachment/:id_partition/:style/:filename | users/avatars/000/000/000/original/me.jpg
            User          | 999999999     | avatar | me.jpg         | :class/:attachment/:id_partition/:style/:filename | users/avatars/999/999/999/original/me.jpg
            User          | 1234567890    | avatar | me.jpg         | :class/:attachment/:id_partition/:style/:filename | users/avatars/001/234/567/890/original/me.jpg
            User          | 1234567890123 | avatar | me.jpg         | :class/:attachment/:id_partition/:style/:filename | users/avatars/123/456/789/012/original/me.jpg
            Admin::Person | 42            | Photo  | archive.tar.gz | :class/:attachment/:id/:style/:basename.:extension | admin/people/photos/42/original/archive.tar.gz
            HTMLPage      | 7             | cover  | .bashrc        | :class/:attachment/:id/:filename                  | html_pages/covers/7/.bashrc
            User          | 7             | cover  | README         | x/:id/:basename:dotextension                      | x/7/README
            User          | 7             | avatar | x:class.png    | :id/:filename                                     | 7/xusers.png
            User          | 7             | avatar | x:id.png       | :filename/:id                                     | x:id.png/7
            User          | 12            | avatar | a.b            | :id_partition/:idfoo/:style                       | 000/000/012/12foo/original
            """)
    void numericIds(String className, String id, String attachment, String fileName, String template, String expected) {
        PaperclipPath path = PaperclipPath.parse(template, className, attachment, "original");

        assertThat(path.keyFor(new PaperclipPath.Values(id, true, fileName, null, null))).isEqualTo(expected);
    }

    @Test
    void textIdsArePartitionedByTheirFirstNineCharacters() {
        PaperclipPath path = PaperclipPath.parse(PaperclipPath.DEFAULT_TEMPLATE, "User", "avatar", "original");

        assertThat(path.keyFor(new PaperclipPath.Values("8f14e45f-ceea-467f-a0e6-4b1e1c5e0c2f", false, "me.jpg", null, null)))
                .isEqualTo("users/avatars/8f1/4e4/5f-/original/me.jpg");
        assertThat(PaperclipPath.parse(":id_partition/:filename", "User", "avatar", "original")
                .keyFor(new PaperclipPath.Values("abcde", false, "me.jpg", null, null))).isEqualTo("abc/me.jpg");
    }

    @Test
    void fingerprintAndUpdatedAtAreTheColumnsValues() {
        PaperclipPath path = PaperclipPath.parse(":attachment/:fingerprint/:updated_at:dotextension", "User", "cover", "original");

        assertThat(path.keyFor(new PaperclipPath.Values("7", true, "a.PNG", "d41d8cd98f00b204e9800998ecf8427e",
                Instant.ofEpochSecond(1_700_000_000L)))).isEqualTo("covers/d41d8cd98f00b204e9800998ecf8427e/1700000000.PNG");
        assertThatThrownBy(() -> path.keyFor(new PaperclipPath.Values("7", true, "a.PNG", null, Instant.EPOCH)))
                .isInstanceOf(RowRefusedException.class).hasMessageContaining(":fingerprint");
    }

    @Test
    void aKeyThatIsNotValidRefusesTheRowWithTheReason() {
        PaperclipPath path = PaperclipPath.parse(":id_partition/:filename", "User", "avatar", "original");

        // Paperclip makes "/me.jpg" of a two-character text id: an absolute path, no key
        assertThatThrownBy(() -> path.keyFor(new PaperclipPath.Values("ab", false, "me.jpg", null, null)))
                .isInstanceOf(RowRefusedException.class).hasMessageContaining("invalid key").hasMessageContaining("absolute");
        assertThatThrownBy(() -> path.keyFor(new PaperclipPath.Values("12", true, "name.", null, null)))
                .isInstanceOf(RowRefusedException.class).hasMessageContaining("ends with a dot");
    }

    @Test
    void interpolationsThatNeedTheOldApplicationAreRefusedWithWhatToDoInstead() {
        assertThatThrownBy(() -> PaperclipPath.parse(":class/:id/:hash.:extension", "User", "avatar", "original"))
                .isInstanceOf(ImportRefusedException.class).hasMessageContaining(":hash").hasMessageContaining(":hash_secret");
        assertThatThrownBy(() -> PaperclipPath.parse(":rails_root/public/system/:class/:id/:filename", "User", "avatar", "original"))
                .isInstanceOf(ImportRefusedException.class).hasMessageContaining(":rails_root").hasMessageContaining("below the folder");
        assertThatThrownBy(() -> PaperclipPath.parse(":tenant/:class/:id/:filename", "User", "avatar", "original"))
                .isInstanceOf(ImportRefusedException.class).hasMessageContaining(":tenant").hasMessageContaining("write its value");
        assertThatThrownBy(() -> PaperclipPath.parse("/:class/:id/:filename", "User", "avatar", "original"))
                .isInstanceOf(ImportRefusedException.class).hasMessageContaining("cannot give valid keys").hasMessageContaining("absolute");
        assertThatThrownBy(() -> PaperclipPath.parse("../:class/:id/:filename", "User", "avatar", "original"))
                .isInstanceOf(ImportRefusedException.class).hasMessageContaining("'..' segment");
    }

    @Test
    void extensionsAsRubyFindsThem() {
        assertThat(PaperclipPath.extension("archive.tar.gz")).isEqualTo("gz");
        assertThat(PaperclipPath.basename("archive.tar.gz")).isEqualTo("archive.tar");
        assertThat(PaperclipPath.extension(".a.b")).isEqualTo("b");
        assertThat(PaperclipPath.basename(".a.b")).isEqualTo(".a");
        assertThat(PaperclipPath.extension("..foo")).isEmpty();
        assertThat(PaperclipPath.basename("README")).isEqualTo("README");
    }
}

package dev.affix.importer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The folders of {@code :class}, as ActiveSupport 6.1 printed {@code name.underscore.pluralize} for each name. */
class InflectionsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            User | users
            Person | people
            Admin::User | admin/users
            Category | categories
            Status | statuses
            Octopus | octopi
            Virus | viri
            Mouse | mice
            Quiz | quizzes
            Ox | oxen
            Oxen | oxen
            Sheep | sheep
            HTMLPage | html_pages
            PostAttachment | post_attachments
            Matrix | matrices
            Vertex | vertices
            Index | indices
            Axis | axes
            Testis | testes
            Bus | buses
            Wife | wives
            Half | halves
            Wolf | wolves
            Hero | heros
            Tomato | tomatoes
            Datum | data
            Medium | media
            Analysis | analyses
            Equipment | equipment
            News | news
            Child | children
            Move | moves
            Sex | sexes
            Zombie | zombies
            Woman | women
            Human | humen
            Salesperson | salespeople
            Hive | hives
            Archive | archives
            Fly | flies
            Day | days
            Query | queries
            Box | boxes
            Church | churches
            Address | addresses
            Alias | aliases
            Fish | fish
            Blackfish | blackfishes
            Policeman | policemen
            API::V1::Photo | api/v1/photos
            Admin::Person | admin/people
            Ox::Sheep | ox/sheep
            ABCDef | abc_defs
            Item2Photo | item2_photos
            Photo-Album | photo_albums
            Movie | movies
            Thief | thiefs
            Safe | saves
            Dwarf | dwarves
            Species | species
            """)
    void classFolders(String className, String folder) {
        assertThat(Inflections.classFolder(className)).isEqualTo(folder);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            avatar | avatars
            Avatar | avatars
            person | people
            status | statuses
            """)
    void attachmentFolders(String attachment, String folder) {
        assertThat(Inflections.attachmentFolder(attachment)).isEqualTo(folder);
    }
}

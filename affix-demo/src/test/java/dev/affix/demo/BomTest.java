package dev.affix.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** affix-bom names every library module of the build, at the build's version, so users can pin one version. */
class BomTest {

    /** Modules that are applications or tests, not libraries a user depends on. */
    private static final Set<String> NOT_LIBRARIES = Set.of("affix-bom", "affix-demo", "affix-bench", "affix-faults", "affix-cli", "affix-rails-interop");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    @Test
    void theBomListsEveryLibraryModuleAtTheBuildsVersion() throws IOException {
        Path root = Path.of("..");
        String parent = Files.readString(root.resolve("pom.xml"));
        String bom = Files.readString(root.resolve("affix-bom/pom.xml"));
        String version = first(parent, "<version>([^<]+)</version>");

        List<String> libraries = MODULE.matcher(parent).results().map(m -> m.group(1)).distinct()
                .filter(module -> !NOT_LIBRARIES.contains(module)).toList();

        assertThat(libraries).contains("affix-core", "affix-vips");
        assertThat(first(bom, "<affix.version>([^<]+)</affix.version>")).isEqualTo(version);
        for (String module : libraries) {
            assertThat(bom).as("affix-bom lists %s", module).contains("<artifactId>" + module + "</artifactId>");
        }
        try (Stream<String> listed = Pattern.compile("<artifactId>(affix-[^<]+)</artifactId>").matcher(bom).results()
                .map(m -> m.group(1)).filter(artifact -> !artifact.equals("affix-bom"))) {
            assertThat(listed).as("and nothing that is not a module").allMatch(libraries::contains);
        }
    }

    private static String first(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }
}

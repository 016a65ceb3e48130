package dev.affix.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.storage.spi.ServiceSettings;
import dev.affix.variant.NamedVariant;
import dev.affix.variant.OutputFormat;
import dev.affix.variant.Transformations;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** The affix: tree read from Spring's properties is the tree of the YAML file format. */
class AffixPropertiesReaderTest {

    private StandardEnvironment environment;

    @BeforeEach
    void loadTheYaml() throws IOException {
        environment = new StandardEnvironment();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("affix-tree.yml", new ClassPathResource("affix-tree.yml"))) {
            environment.getPropertySources().addFirst(source);
        }
    }

    @Test
    void listsDottedKeysAndEmptyMapsComeBackAsTheYamlHadThem() {
        Map<String, Object> tree = AffixPropertiesReader.tree(environment);

        assertThat(tree).extractingByKey("services").asInstanceOf(MAP)
                .extractingByKey("both").isEqualTo(Map.of("service", "Mirror", "primary", "local", "mirrors", List.of("spare")));
        assertThat(tree.get("attachments")).isEqualTo(ordered(
                "User.avatar", Map.of("kind", "one", "service", "spare", "dependent", "purge"),
                "Message.images", Map.of("kind", "many", "keys", "{record_type}/{record_id}/{random}"),
                "Doc.file", Map.of()));
    }

    @Test
    void readsIntoTheConfigurationOfTheFileFormat() {
        AffixConfig config = AffixPropertiesReader.read(environment);

        assertThat(config.secret()).as("${VAR:default} with VAR unset").isEqualTo("reader-test-secret-0123");
        assertThat(config.defaultService()).isEqualTo("local");
        assertThat(config.services().values()).extracting(ServiceSettings::name, ServiceSettings::type)
                .containsExactly(tuple("local", "Disk"), tuple("spare", "Disk"),
                        tuple("both", "Mirror"));
        assertThat(config.services().get("spare").bool("public", false)).isTrue();
        assertThat(config.services().get("both").stringList("mirrors")).containsExactly("spare");
        assertThat(config.attachments()).containsOnlyKeys("User.avatar", "Message.images", "Doc.file");
        assertThat(config.jobs()).containsEntry("runner", "inline");
    }

    @Test
    void affixEnvChoosesTheEnvironmentsOverrides() {
        environment.setActiveProfiles("test");
        add(Map.of("affix.env", "qa"));

        assertThat(AffixPropertiesReader.read(environment).defaultService()).isEqualTo("both");
    }

    @Test
    void otherwiseTheLastActiveProfileWithOverridesChoosesThem() {
        environment.setActiveProfiles("qa", "test", "cloud");
        assertThat(AffixPropertiesReader.read(environment).defaultService()).isEqualTo("spare");

        environment.setActiveProfiles("cloud");
        assertThat(AffixPropertiesReader.read(environment).defaultService()).as("no profile has overrides").isEqualTo("local");
    }

    @Test
    void namedVariantsOfADeclarationAreReadAsTheirTransformations() {
        StandardEnvironment flat = new StandardEnvironment();
        flat.getPropertySources().addFirst(new MapPropertySource("flat", ordered(
                "affix.secret", "flat-properties-secret-0123",
                "affix.default_service", "local",
                "affix.services.local.service", "Disk",
                "affix.services.local.root", "target/reader/local",
                "affix.attachments.Post.cover.kind", "one",
                "affix.attachments.Post.cover.variants.thumb.resize_to_fill[0]", "100",
                "affix.attachments.Post.cover.variants.thumb.resize_to_fill[1]", "80",
                "affix.attachments.Post.cover.variants.thumb.format", "webp",
                "affix.attachments.Post.cover.variants.hero.resize_to_limit[0]", "1200",
                "affix.attachments.Post.cover.variants.hero.resize_to_limit[1]", "800",
                "affix.attachments.Post.cover.variants.hero.process", "later")));

        AffixConfig config = AffixPropertiesReader.read(flat);
        AttachmentDeclaration cover = AttachmentDeclaration.fromConfig("Post.cover", config.attachments().get("Post.cover"));

        assertThat(config.attachments()).containsOnlyKeys("Post.cover");
        assertThat(cover.variants().get("thumb").transformations())
                .isEqualTo(Transformations.builder().resizeToFill(100, 80).format(OutputFormat.WEBP).build());
        assertThat(cover.variants().get("hero").process()).isEqualTo(NamedVariant.Process.LATER);
    }

    @Test
    void flatPropertiesWithIndexesGiveTheSameTree() {
        StandardEnvironment flat = new StandardEnvironment();
        flat.getPropertySources().addFirst(new MapPropertySource("flat", ordered(
                "affix.secret", "flat-properties-secret-0123",
                "affix.default_service", "local",
                "affix.services.local.service", "Disk",
                "affix.services.local.root", "target/reader/local",
                "affix.services.both.service", "Mirror",
                "affix.services.both.primary", "local",
                "affix.services.both.mirrors[0]", "local2",
                "affix.services.both.mirrors[1]", "local3",
                "affix.attachments[User.avatar].kind", "one")));

        Map<String, Object> tree = AffixPropertiesReader.tree(flat);

        assertThat(((Map<?, ?>) ((Map<?, ?>) tree.get("services")).get("both")).get("mirrors")).isEqualTo(List.of("local2", "local3"));
        assertThat(tree.get("attachments")).isEqualTo(Map.of("User.avatar", Map.of("kind", "one")));
    }

    @Test
    void errorsNameTheApplicationProperties() {
        add(Map.of("affix.colour", "blue"));

        assertThatThrownBy(() -> AffixPropertiesReader.read(environment)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("application properties 'affix': unknown top-level key 'colour'");
    }

    @Test
    void aVariableWithoutDefaultThatIsUnsetIsReportedByName() {
        add(Map.of("affix.secret", "${AFFIX_STARTER_TEST_UNSET}"));

        assertThatThrownBy(() -> AffixPropertiesReader.read(environment)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("secret: environment variable AFFIX_STARTER_TEST_UNSET is not set");
    }

    private void add(Map<String, Object> properties) {
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}

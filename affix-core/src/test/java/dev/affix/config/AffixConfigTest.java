package dev.affix.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.signing.MessageSigner;
import dev.affix.storage.StorageService;
import dev.affix.storage.StorageServices;
import dev.affix.storage.disk.DiskService;
import dev.affix.storage.mirror.MirrorService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AffixConfigTest {

    @TempDir
    Path dir;

    @Test
    void readsTheDesignFormatWithVariablesAndDefaults() throws IOException {
        Path file = write("""
                default_service: local
                database:
                  url: ${DB_URL:jdbc:h2:mem:test}
                secret: ${AFFIX_SECRET}
                http:
                  base_url: https://files.example.com
                  prefix: /files
                services:
                  local:
                    service: Disk
                    root: %s/storage
                  backup:
                    service: Mirror
                    primary: local
                    mirrors: [copy]
                  copy:
                    service: Disk
                    root: %s/copy
                attachments:
                  User.avatar: { kind: one, service: local, dependent: purge_later }
                """.formatted(dir, dir));

        AffixConfig config = AffixConfig.load(file, null, Map.of("AFFIX_SECRET", "from-the-environment-123"));

        assertThat(config.secret()).isEqualTo("from-the-environment-123");
        assertThat(config.database().url()).isEqualTo("jdbc:h2:mem:test");
        assertThat(config.http().endpoint("/disk/x").toString()).isEqualTo("https://files.example.com/files/disk/x");
        assertThat(config.services()).containsOnlyKeys("local", "backup", "copy");
        assertThat(config.attachments().get("User.avatar")).containsEntry("kind", "one");

        StorageServices services = StorageServices.create(config, new MessageSigner(config.secret(), Clock.systemUTC()));
        assertThat(services.defaultService()).isInstanceOf(DiskService.class);
        StorageService backup = services.get("backup");
        assertThat(backup).isInstanceOf(MirrorService.class);
        assertThat(((MirrorService) backup).mirrors()).extracting(StorageService::name).containsExactly("copy");
    }

    @Test
    void environmentOverridesTheDefaultService() throws IOException {
        Path file = write("""
                default_service: local
                environments:
                  test: { default_service: scratch }
                secret: a-long-enough-secret
                services:
                  local: { service: Disk, root: %s/a }
                  scratch: { service: Disk, root: %s/b }
                """.formatted(dir, dir));

        assertThat(AffixConfig.load(file, "test", Map.of()).defaultService()).isEqualTo("scratch");
        assertThat(AffixConfig.load(file, null, Map.of()).defaultService()).isEqualTo("local");
        assertThatThrownBy(() -> AffixConfig.load(file, "prod", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("environment 'prod' is not defined")
                .hasMessageContaining("test");
    }

    @Test
    void missingVariableNamesItselfAndWhereItIsUsed() throws IOException {
        Path file = write("""
                default_service: local
                secret: ${AFFIX_SECRET}
                services:
                  local: { service: Disk, root: /tmp/x }
                """);

        assertThatThrownBy(() -> AffixConfig.load(file, null, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("secret")
                .hasMessageContaining("AFFIX_SECRET is not set");
    }

    @Test
    void escapedDollarIsKeptLiterally() throws IOException {
        Path file = write("""
                default_service: local
                secret: "literal-$${NOT_A_VARIABLE}"
                services:
                  local: { service: Disk, root: /tmp/x }
                """);

        assertThat(AffixConfig.load(file, null, Map.of()).secret()).isEqualTo("literal-${NOT_A_VARIABLE}");
    }

    @Test
    void unknownServiceTypeNamesTheServiceAndTheKnownTypes() throws IOException {
        AffixConfig config = config("""
                  local: { service: Dsk, root: %s/a }
                """.formatted(dir));

        assertThatThrownBy(() -> StorageServices.create(config, signer()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("service 'local' (Dsk)")
                .hasMessageContaining("unknown service type 'Dsk'")
                .hasMessageContaining("Disk");
    }

    @Test
    void cloudTypeWithoutItsModuleSaysWhichModuleToAdd() throws IOException {
        AffixConfig config = config("""
                  local: { service: Disk, root: %s/a }
                  amazon: { service: S3, bucket: b }
                """.formatted(dir));

        assertThatThrownBy(() -> StorageServices.create(config, signer()))
                .hasMessage("service 'amazon' (S3): the S3 service needs the affix-s3 module on the class path");
    }

    @Test
    void missingRootAndUnknownKeysNameTheServiceAndTheKey() throws IOException {
        assertThatThrownBy(() -> StorageServices.create(config("  local: { service: Disk }\n"), signer()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("service 'local' (Disk): missing required key 'root'");
        assertThatThrownBy(() -> StorageServices.create(config("  local: { service: Disk, root: /tmp/x, rot: 1 }\n"), signer()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown key 'rot'");
    }

    @Test
    void unusableRootFailsAtStartNamingTheService() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");

        assertThatThrownBy(() -> StorageServices.create(config("  local: { service: Disk, root: " + file + " }\n"), signer()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("service 'local' (Disk)")
                .hasMessageContaining(file.toString());
    }

    @Test
    void mirrorCyclesAndUnknownMembersAreReported() throws IOException {
        assertThatThrownBy(() -> StorageServices.create(config("""
                  local: { service: Mirror, primary: other, mirrors: [third] }
                  other: { service: Mirror, primary: local, mirrors: [third] }
                  third: { service: Disk, root: %s/t }
                """.formatted(dir)), signer())).hasMessageContaining("cycle: local -> other -> local");
        assertThatThrownBy(() -> StorageServices.create(config("""
                  local: { service: Mirror, primary: ghost, mirrors: [third] }
                  third: { service: Disk, root: %s/t }
                """.formatted(dir)), signer())).hasMessageContaining("no storage service is named 'ghost'");
    }

    @Test
    void customFactoryClassIsInstantiatedFromItsName() throws IOException {
        AffixConfig config = config("  local: { service: " + CustomDiskFactory.class.getName() + ", root: " + dir + "/c }\n");

        assertThat(StorageServices.create(config, signer()).get("local").type()).isEqualTo("Disk");
        assertThatThrownBy(() -> StorageServices.create(config("  local: { service: java.lang.String }\n"), signer()))
                .hasMessageContaining("implements neither StorageService nor StorageServiceFactory");
        assertThatThrownBy(() -> StorageServices.create(config("  local: { service: com.example.Missing }\n"), signer()))
                .hasMessageContaining("class com.example.Missing is not on the class path");
    }

    @Test
    void unknownTopLevelKeyAndBadDefaultAreRefused() throws IOException {
        assertThatThrownBy(() -> AffixConfig.load(write("secret: a-long-enough-secret\nservics: {}\n"), null, Map.of()))
                .hasMessageContaining("unknown top-level key 'servics'");
        assertThatThrownBy(() -> AffixConfig.load(write("""
                default_service: missing
                secret: a-long-enough-secret
                services:
                  local: { service: Disk, root: /tmp/x }
                """), null, Map.of())).hasMessageContaining("default_service 'missing' is not a configured service");
    }

    @Test
    void builderMakesTheSameValueAsTheFile() throws IOException {
        AffixConfig built = AffixConfig.builder()
                .secret("a-long-enough-secret")
                .disk("local", Path.of("/tmp/x"))
                .build();

        assertThat(built).isEqualTo(config("  local: { service: Disk, root: /tmp/x }\n"));
    }

    @Test
    void railsSectionReadsTheSecretAndVersionAsTheBuilderDoes() throws IOException {
        String secret = "f".repeat(128);
        AffixConfig loaded = AffixConfig.load(write("""
                default_service: local
                secret: a-long-enough-secret
                services:
                  local: { service: Disk, root: /tmp/x }
                rails:
                  secret_key_base: ${RAILS_SECRET_KEY_BASE}
                  version: 6.1
                """), null, Map.of("RAILS_SECRET_KEY_BASE", secret));

        assertThat(loaded.rails()).isEqualTo(new RailsSettings(secret, RailsSettings.Version.RAILS_6_1));
        assertThat(loaded).isEqualTo(AffixConfig.builder().secret("a-long-enough-secret").disk("local", Path.of("/tmp/x"))
                .rails(secret, "6.1").build());
        assertThat(loaded.toString()).doesNotContain(secret);
        assertThat(config("  local: { service: Disk, root: /tmp/x }\n").rails()).isNull();
    }

    @Test
    void historyTableIsReadFromTheDatabaseSection() throws IOException {
        AffixConfig loaded = AffixConfig.load(write("""
                default_service: local
                secret: a-long-enough-secret
                database: { table_prefix: active_storage_, history_table: affix_schema_history }
                services:
                  local: { service: Disk, root: /tmp/x }
                """), null, Map.of());

        assertThat(loaded.database().historyTable()).isEqualTo("affix_schema_history");
        assertThat(config("  local: { service: Disk, root: /tmp/x }\n").database().historyTable()).isEqualTo("affix_schema_history");
    }

    @Test
    void railsSectionRefusesUnknownKeysVersionsAndMissingSecrets() {
        String services = "default_service: local\nsecret: a-long-enough-secret\nservices:\n  local: { service: Disk, root: /tmp/x }\n";
        assertThatThrownBy(() -> AffixConfig.load(write(services + "rails: { secret_key_base: " + "f".repeat(128)
                + ", version: '7.1+', salt: x }\n"), null, Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("unknown key 'rails.salt'");
        assertThatThrownBy(() -> AffixConfig.load(write(services + "rails: { secret_key_base: " + "f".repeat(128) + ", version: '7.0' }\n"),
                null, Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("rails.version '7.0' is not one of: \"6.1\", \"7.1+\"");
        assertThatThrownBy(() -> AffixConfig.load(write(services + "rails: { version: '7.1+' }\n"), null, Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("rails.secret_key_base is missing");
        assertThatThrownBy(() -> AffixConfig.builder().rails("f".repeat(128), null))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("rails.version is missing");
    }

    private AffixConfig config(String services) throws IOException {
        return AffixConfig.load(write("default_service: local\nsecret: a-long-enough-secret\nservices:\n" + services), null, Map.of());
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "affix", ".yml"), yaml);
    }

    private static MessageSigner signer() {
        return new MessageSigner("a-long-enough-secret", Clock.systemUTC());
    }
}

package dev.affix.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.Affix;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.RecordRef;
import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.job.InlineJobRunner;
import dev.affix.job.JobRunner;
import dev.affix.spring.metrics.AffixMetricsAutoConfiguration;
import dev.affix.spring.metrics.TimedStorageService;
import dev.affix.storage.StorageService;
import dev.affix.storage.StorageServices;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which beans the starter makes, from which properties, and how an application replaces them. */
class AffixAutoConfigurationTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, AffixAutoConfiguration.class,
                        AffixMetricsAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + h2("app"),
                        "affix.secret=auto-configuration-test-secret",
                        "affix.default_service=local",
                        "affix.services.local.service=Disk",
                        "affix.services.local.root=" + dir.resolve("local"),
                        "affix.attachments[User.avatar].kind=one",
                        "affix.jobs.runner=inline");
    }

    @Test
    void anUnknownServiceTypeFailsTheStartNamingTheService() {
        runner().withPropertyValues("affix.services.broken.service=Nope").run(context -> {
            Throwable failure = context.getStartupFailure();
            assertThat(failure).rootCause().isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("service 'broken' (Nope): unknown service type 'Nope'");

            FailureAnalysis analysis = new AffixConfigurationFailureAnalyzer().analyze(failure);
            assertThat(analysis.getDescription()).startsWith("Affix could not start: service 'broken' (Nope): unknown service type 'Nope'");
            assertThat(analysis.getAction()).contains("affix: section");
        });
    }

    @Test
    void theBeansAreAffixItsServicesAndItsJobRunner() {
        runner().run(context -> {
            Affix affix = context.getBean(Affix.class);
            assertThat(context.getBean(StorageServices.class)).isSameAs(affix.services());
            assertThat(context.getBean(JobRunner.class)).isSameAs(affix.jobs()).isInstanceOf(InlineJobRunner.class);
            assertThat(context.getBean(AffixConfig.class)).isSameAs(affix.config());
            assertThat(affix.declarations().require("User", "avatar").kind()).isEqualTo(AttachmentDeclaration.Kind.ONE);
        });
    }

    @Test
    void aDatabaseUrlGivesAffixADatabaseOfItsOwn() {
        String own = h2("own");
        runner().withPropertyValues("affix.database.url=" + own).run(context -> {
            Affix affix = context.getBean(Affix.class);
            affix.one(RecordRef.of("User", 1), "avatar").attach("me".getBytes(StandardCharsets.UTF_8), "me.txt");

            try (Connection app = context.getBean(DataSource.class).getConnection()) {
                assertThat(tables(app)).noneMatch(table -> table.startsWith("AFFIX_"));
            }
            try (Connection separate = DriverManager.getConnection(own)) {
                assertThat(tables(separate)).contains("AFFIX_BLOBS", "AFFIX_ATTACHMENTS");
            }
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).as("Affix's own pool")
                    .anyMatch(name -> name.startsWith("affix:"));
        });
    }

    @Test
    void anApplicationsOwnAffixReplacesTheStarters() {
        runner().withUserConfiguration(OwnAffix.class).run(context -> {
            Affix affix = context.getBean(Affix.class);
            assertThat(affix.config().secret()).isEqualTo("the-application-built-this");
            assertThat(context.getBean(StorageServices.class)).isSameAs(affix.services());
        });
    }

    @Test
    void anApplicationsAffixConfigReplacesTheProperties() {
        runner().withUserConfiguration(OwnConfig.class).run(context ->
                assertThat(context.getBean(Affix.class).services().all()).extracting(StorageService::name).containsExactly("mine"));
    }

    @Test
    void withAMeterRegistryEveryServiceIsTimed() {
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context ->
                assertThat(context.getBean(Affix.class).services().get("local")).isInstanceOf(TimedStorageService.class));
    }

    @Test
    void withoutOneTheServicesAreLeftAsTheyAre() {
        runner().run(context ->
                assertThat(context.getBean(Affix.class).services().get("local")).isNotInstanceOf(TimedStorageService.class));
    }

    @Test
    void anApplicationsCustomizersComeAfterTheStartersOwn() {
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).withUserConfiguration(OwnCustomizer.class).run(context -> {
            Affix affix = context.getBean(Affix.class);
            assertThat(affix.services().get("local")).as("the application's decorator replaced the timing one")
                    .isNotInstanceOf(TimedStorageService.class);
            assertThat(affix.declarations().require("Note", "file").kind()).isEqualTo(AttachmentDeclaration.Kind.MANY);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnAffix {
        @Bean(destroyMethod = "close")
        Affix affix(DataSource dataSource) {
            return Affix.builder(AffixConfig.builder().secret("the-application-built-this").disk("local", Path.of("target", "own-affix"))
                    .build()).dataSource(dataSource).jobRunner(new InlineJobRunner()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnConfig {
        @Bean
        AffixConfig affixConfig() {
            return AffixConfig.builder().secret("configured-in-code-secret").disk("mine", Path.of("target", "own-config"))
                    .jobRunner("inline").build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnCustomizer {
        @Bean
        AffixBuilderCustomizer untimedServicesAndNotes() {
            return builder -> builder.serviceDecorator(UnaryOperator.identity()).declare(AttachmentDeclaration.many("Note", "file"));
        }
    }

    private static String h2(String name) {
        return "jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = connection.getMetaData().getTables(null, null, null, new String[] {"TABLE"})) {
            while (rows.next()) {
                names.add(rows.getString("TABLE_NAME"));
            }
        }
        return names;
    }
}

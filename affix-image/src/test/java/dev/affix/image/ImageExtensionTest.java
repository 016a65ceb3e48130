package dev.affix.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.analysis.Analyzer;
import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;
import dev.affix.extension.ExtensionContext;
import dev.affix.variant.VariantProcessor;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageExtensionTest {

    @TempDir
    Path folder;

    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(AffixExtension.class).stream().map(ServiceLoader.Provider::type))
                .contains(ImageExtension.class);
    }

    @Test
    void contributesTheImageAndBlurhashAnalyzersInThatOrderAndNoJobs() {
        Recorder recorder = new Recorder(config(Map.of()));

        new ImageExtension().contribute(recorder.contributions);

        assertThat(recorder.analyzers).extracting(Analyzer::name).containsExactly("image", "blurhash");
        assertThat(recorder.jobs).isEmpty();
    }

    @Test
    void contributesTheJavaVariantProcessor() {
        Recorder recorder = new Recorder(config(Map.of()));

        new ImageExtension().contribute(recorder.contributions);

        assertThat(recorder.variantProcessors).extracting(VariantProcessor::name).containsExactly("java");
        assertThat(recorder.variantProcessors.get(0).reads("image/jpeg")).isTrue();
    }

    @Test
    void theContributedBlurhashAnalyzerKeepsThePixelLimitOfTheAnalysisSection() throws Exception {
        Recorder recorder = new Recorder(config(Map.of("image_max_pixels", 100)));
        new ImageExtension().contribute(recorder.contributions);
        Analyzer blurhash = recorder.analyzers.get(1);
        Path small = Fixtures.write(folder, "small.png", Fixtures.encode(Fixtures.gradient(10, 10), "png"));
        Path larger = Fixtures.write(folder, "larger.png", Fixtures.encode(Fixtures.gradient(11, 10), "png"));

        assertThat(blurhash.analyze(Fixtures.input("image/png", small)).facts()).containsKey("blurhash");
        assertThat(blurhash.analyze(Fixtures.input("image/png", larger)).facts()).isEmpty();
    }

    @Test
    void refusesAnUnusableSettingWhenAffixIsBuilt() {
        assertThatThrownBy(() -> new ImageExtension().contribute(new Recorder(config(Map.of("image_max_frames", "many"))).contributions))
                .isInstanceOf(ConfigurationException.class).hasMessage("analysis.image_max_frames must be a whole number, not 'many'");
    }

    private AffixConfig config(Map<String, Object> analysis) {
        AffixConfig.Builder builder = AffixConfig.builder().secret("0123456789abcdef0123").disk("local", folder.resolve("storage"));
        analysis.forEach(builder::analysisSetting);
        return builder.build();
    }

    /**
     * Records what an extension contributes. A proxy rather than a class implementing Contributions:
     * that interface grows with the pipeline, and this test only asserts analyzers, jobs and variant processors. The
     * context has no services, blobs or jobs, which these analyzers never use.
     */
    private static final class Recorder {
        private final List<Analyzer> analyzers = new ArrayList<>();
        private final List<String> jobs = new ArrayList<>();
        private final List<VariantProcessor> variantProcessors = new ArrayList<>();
        private final Contributions contributions;

        Recorder(AffixConfig config) {
            ExtensionContext context = new ExtensionContext(config, null, null, null, Clock.systemUTC());
            this.contributions = (Contributions) Proxy.newProxyInstance(Contributions.class.getClassLoader(),
                    new Class<?>[] {Contributions.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "context" -> {
                                return context;
                            }
                            case "analyzer" -> analyzers.add((Analyzer) args[0]);
                            case "job" -> jobs.add((String) args[0]);
                            case "variantProcessor" -> variantProcessors.add((VariantProcessor) args[0]);
                            default -> {
                                // declarations this test does not assert
                            }
                        }
                        return null;
                    });
        }
    }
}

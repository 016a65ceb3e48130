package dev.affix.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.analysis.Analyzer;
import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;
import dev.affix.extension.ExtensionContext;
import dev.affix.job.JobHandler;
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

        new ImageExtension().contribute(recorder);

        assertThat(recorder.analyzers).extracting(Analyzer::name).containsExactly("image", "blurhash");
        assertThat(recorder.jobs).isEmpty();
    }

    @Test
    void theContributedBlurhashAnalyzerKeepsThePixelLimitOfTheAnalysisSection() throws Exception {
        Recorder recorder = new Recorder(config(Map.of("image_max_pixels", 100)));
        new ImageExtension().contribute(recorder);
        Analyzer blurhash = recorder.analyzers.get(1);
        Path small = Fixtures.write(folder, "small.png", Fixtures.encode(Fixtures.gradient(10, 10), "png"));
        Path larger = Fixtures.write(folder, "larger.png", Fixtures.encode(Fixtures.gradient(11, 10), "png"));

        assertThat(blurhash.analyze(Fixtures.input("image/png", small)).facts()).containsKey("blurhash");
        assertThat(blurhash.analyze(Fixtures.input("image/png", larger)).facts()).isEmpty();
    }

    @Test
    void refusesAnUnusableSettingWhenAffixIsBuilt() {
        assertThatThrownBy(() -> new ImageExtension().contribute(new Recorder(config(Map.of("image_max_frames", "many")))))
                .isInstanceOf(ConfigurationException.class).hasMessage("analysis.image_max_frames must be a whole number, not 'many'");
    }

    private AffixConfig config(Map<String, Object> analysis) {
        AffixConfig.Builder builder = AffixConfig.builder().secret("0123456789abcdef0123").disk("local", folder.resolve("storage"));
        analysis.forEach(builder::analysisSetting);
        return builder.build();
    }

    /** Records what an extension contributes; the context has no services, blobs or jobs, which these analyzers never use. */
    private static final class Recorder implements Contributions {
        private final ExtensionContext context;
        private final List<Analyzer> analyzers = new ArrayList<>();
        private final List<String> jobs = new ArrayList<>();

        Recorder(AffixConfig config) {
            this.context = new ExtensionContext(config, null, null, null, Clock.systemUTC());
        }

        @Override
        public ExtensionContext context() {
            return context;
        }

        @Override
        public void job(String type, JobHandler handler) {
            jobs.add(type);
        }

        @Override
        public void analyzer(Analyzer analyzer) {
            analyzers.add(analyzer);
        }
    }
}

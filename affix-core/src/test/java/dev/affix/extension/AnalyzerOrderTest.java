package dev.affix.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.analysis.AnalysisInput;
import dev.affix.analysis.AnalysisResult;
import dev.affix.analysis.Analyzer;
import dev.affix.blob.Blob;
import dev.affix.config.ConfigurationException;
import dev.affix.testing.CapturedLog;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which analyzers run in which order, and the mistakes that stop Affix from starting. */
public class AnalyzerOrderTest {

    private final ExtensionContext context = new ExtensionContext(null, null, null, null, Clock.systemUTC());
    private final ExtensionRegistry registry = new ExtensionRegistry(context);

    @Test
    void byDefaultEveryRegisteredAnalyzerRunsInRegistrationOrderBetweenThoseAddedInCode() {
        registry.contribute(extension("image", c -> {
            c.analyzer(named("image"));
            c.analyzer(named("blurhash"));
        }));
        registry.contribute(extension("pdf", c -> c.analyzer(named("pdf"))));

        List<Analyzer> order = AnalyzerOrder.resolve(registry, Optional.empty(), List.of(named("first")), List.of(named("last")));

        assertThat(order).extracting(Analyzer::name).containsExactly("first", "image", "blurhash", "pdf", "last");
    }

    @Test
    void theConfigurationChoosesWhichRunAndInWhichOrderByNameOrClassName() {
        registry.contribute(extension("image", c -> {
            c.analyzer(named("image"));
            c.analyzer(named("blurhash"));
        }));

        List<Analyzer> order = AnalyzerOrder.resolve(registry, Optional.of(List.of("blurhash", Plain.class.getName(),
                WithContext.class.getName(), "image")), List.of(), List.of());

        assertThat(order).extracting(Analyzer::name).containsExactly("blurhash", "plain", "with-context", "image");
        assertThat(((WithContext) order.get(2)).context).isSameAs(context);
    }

    @Test
    void anUnknownNameIsRefusedListingTheKnownOnes() {
        registry.contribute(extension("image", c -> c.analyzer(named("image"))));
        registry.contribute(extension("media", c -> c.disabledAnalyzer("video", "ffprobe is not on the PATH")));

        assertThatThrownBy(() -> AnalyzerOrder.resolve(registry, Optional.of(List.of("image", "imgae")), List.of(), List.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("analysis.analyzers: unknown analyzer 'imgae' (known: image, video (disabled); "
                        + "or the class name of an Analyzer)");
    }

    @Test
    void aClassThatCannotBeAnAnalyzerIsRefusedNamingIt() {
        assertThatThrownBy(() -> AnalyzerOrder.resolve(registry, Optional.of(List.of("com.example.Missing")), List.of(), List.of()))
                .hasMessage("analysis.analyzers: class com.example.Missing is not on the class path");
        assertThatThrownBy(() -> AnalyzerOrder.resolve(registry, Optional.of(List.of(String.class.getName())), List.of(), List.of()))
                .hasMessage("analysis.analyzers: class java.lang.String does not implement dev.affix.analysis.Analyzer");
        assertThatThrownBy(() -> AnalyzerOrder.resolve(registry, Optional.of(List.of(NeedsAName.class.getName())), List.of(), List.of()))
                .hasMessageEndingWith("NeedsAName has no public constructor taking an ExtensionContext or nothing");
    }

    @Test
    void anAnalyzerThatWouldRunTwiceIsRefused() {
        registry.contribute(extension("image", c -> c.analyzer(named("image"))));

        assertThatThrownBy(() -> AnalyzerOrder.resolve(registry, Optional.empty(), List.of(), List.of(named("image"))))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("analyzer 'image' would run twice");
        assertThatThrownBy(() -> AnalyzerOrder.resolve(registry, Optional.of(List.of("image", "image")), List.of(), List.of()))
                .hasMessageStartingWith("analyzer 'image' would run twice");
    }

    @Test
    void aDisabledAnalyzerIsLoggedOnceAtStartAndLeftOut() {
        registry.contribute(extension("media", c -> {
            c.disabledAnalyzer("video", "ffprobe is not on the PATH (apt-get install ffmpeg)");
            c.disabledAnalyzer("audio", "ffprobe is not on the PATH (apt-get install ffmpeg)");
        }));
        registry.contribute(extension("image", c -> c.analyzer(named("image"))));

        try (CapturedLog log = new CapturedLog()) {
            List<Analyzer> listed = AnalyzerOrder.resolve(registry, Optional.of(List.of("video", "image")), List.of(), List.of());
            assertThat(listed).extracting(Analyzer::name).containsExactly("image");
            assertThat(log.linesWith("is disabled")).singleElement().asString()
                    .contains("analyzer 'video' is disabled (media: ffprobe is not on the PATH (apt-get install ffmpeg))");
        }
        try (CapturedLog log = new CapturedLog()) {
            AnalyzerOrder.resolve(registry, Optional.empty(), List.of(), List.of());
            assertThat(log.linesWith("is disabled")).hasSize(2);
        }
    }

    @Test
    void aJobTypeOrAnalyzerNameRegisteredTwiceIsRefusedNamingBothExtensions() {
        registry.contribute(extension("core", c -> c.job("affix.purge_blob", arguments -> { })));
        registry.contribute(extension("image", c -> c.analyzer(named("image"))));

        assertThatThrownBy(() -> registry.contribute(extension("mine", c -> c.job("affix.purge_blob", arguments -> { }))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("job type 'affix.purge_blob' is registered twice: by extension 'core' and by extension 'mine'");
        assertThatThrownBy(() -> registry.contribute(extension("vips", c -> c.analyzer(named("image")))))
                .hasMessage("analyzer 'image' is registered twice: by extension 'image' and by extension 'vips'");
    }

    @Test
    void anExtensionThatFailsToContributeStopsTheStartNamed() {
        assertThatThrownBy(() -> registry.contribute(extension("flaky", c -> {
            throw new IllegalStateException("no licence file");
        }))).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("extension 'flaky' (")
                .hasMessageEndingWith("could not contribute: java.lang.IllegalStateException: no licence file");
    }

    @Test
    void aRegisteredAnalyzerWinsOverADisabledOneOfTheSameName() {
        registry.contribute(extension("media", c -> c.disabledAnalyzer("audio", "no ffprobe")));
        registry.contribute(extension("pure-java-audio", c -> c.analyzer(named("audio"))));

        assertThat(registry.disabledAnalyzers()).isEmpty();
        assertThat(AnalyzerOrder.resolve(registry, Optional.of(List.of("audio")), List.of(), List.of())).extracting(Analyzer::name)
                .containsExactly("audio");
    }

    private static AffixExtension extension(String name, java.util.function.Consumer<Contributions> contribute) {
        return new AffixExtension() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void contribute(Contributions contributions) {
                contribute.accept(contributions);
            }
        };
    }

    private static Analyzer named(String name) {
        return new Named(name);
    }

    private record Named(String name) implements Analyzer {
        @Override
        public boolean accepts(Blob blob) {
            return true;
        }

        @Override
        public AnalysisResult analyze(AnalysisInput input) {
            return AnalysisResult.of(Map.of(name, true));
        }
    }

    /** Named in configuration by class, made without arguments. */
    public static final class Plain implements Analyzer {
        @Override
        public String name() {
            return "plain";
        }

        @Override
        public boolean accepts(Blob blob) {
            return true;
        }

        @Override
        public AnalysisResult analyze(AnalysisInput input) {
            return AnalysisResult.nothing();
        }
    }

    /** Named in configuration by class, made with the extension context. */
    public static final class WithContext implements Analyzer {
        final ExtensionContext context;

        public WithContext(ExtensionContext context) {
            this.context = context;
        }

        @Override
        public String name() {
            return "with-context";
        }

        @Override
        public boolean accepts(Blob blob) {
            return true;
        }

        @Override
        public AnalysisResult analyze(AnalysisInput input) {
            return AnalysisResult.nothing();
        }
    }

    /** No constructor Affix can call. */
    public static final class NeedsAName implements Analyzer {
        private final String name;

        public NeedsAName(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean accepts(Blob blob) {
            return true;
        }

        @Override
        public AnalysisResult analyze(AnalysisInput input) {
            return AnalysisResult.nothing();
        }
    }
}

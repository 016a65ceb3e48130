package dev.affix.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.analysis.Analyzer;
import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;
import dev.affix.extension.ExtensionContext;
import dev.affix.job.JobHandler;
import dev.affix.tool.ExternalTool;
import dev.affix.variant.Previewer;
import dev.affix.variant.VariantProcessor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How Affix finds the pdf analyzer and configures its limits. */
class PdfExtensionTest {

    @TempDir
    Path dir;

    @Test
    void isFoundOnTheClassPathAndContributesThePdfAnalyzerAndPreviewer() {
        List<AffixExtension> found = ServiceLoader.load(AffixExtension.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(extension -> extension instanceof PdfExtension)
                .toList();
        assertThat(found).hasSize(1);
        assertThat(found.get(0).name()).isEqualTo("pdf");

        Recorded recorded = contribute(found.get(0), Map.of());

        assertThat(recorded.analyzers).extracting(Analyzer::name).containsExactly("pdf");
        assertThat(recorded.previewers).extracting(Previewer::name).containsExactly("pdf");
        assertThat(recorded.disabledPreviewers).isEmpty();
        assertThat(recorded.jobs).isEmpty();
    }

    @Test
    void drawsWithPdftoppmWhereItIsInstalledAndWithPdfBoxElsewhere() {
        ExternalTool pdftoppm = ExternalTool.find("pdftoppm")
                .orElseThrow(() -> new AssertionError("pdftoppm is not on PATH: install poppler-utils (apt-get install poppler-utils)"));

        assertThat(((PdfPreviewer) contribute(new PdfExtension(), Map.of()).previewers.get(0)).renderer()).isEqualTo("pdftoppm");
        assertThat(PdfExtension.previewer(Optional.of(pdftoppm), PdfLimits.defaults()).renderer()).isEqualTo("pdftoppm");
        assertThat(PdfExtension.previewer(Optional.empty(), PdfLimits.defaults()).renderer()).isEqualTo("PDFBox");
    }

    @Test
    void readsItsLimitsFromTheAnalysisSection() {
        PdfLimits limits = PdfLimits.fromSettings(Map.of(
                "analyze", "later", "waveform_points", 500,
                "pdf_max_bytes", 1000, "pdf_max_pages", "20", "pdf_timeout", 2.5, "pdf_max_memory", 64L << 20));

        assertThat(limits).isEqualTo(new PdfLimits(1000, 20, Duration.ofMillis(2500), 64L << 20));
    }

    @Test
    void keepsItsDefaultsForWhatIsNotSaid() {
        PdfLimits limits = PdfLimits.fromSettings(Map.of());

        assertThat(limits).isEqualTo(PdfLimits.defaults());
        assertThat(limits.maxBytes()).isEqualTo(512L << 20);
        assertThat(limits.maxPageNodes()).isEqualTo(100_000);
        assertThat(limits.timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(limits.maxAllocated()).isEqualTo(Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4));
    }

    @Test
    void refusesAMistypedKeyOrAValueThatIsNotALimit() {
        assertThatThrownBy(() -> PdfLimits.fromSettings(Map.of("pdf_max_page", 10)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown key 'analysis.pdf_max_page' (known: pdf_max_bytes, pdf_max_memory, pdf_max_pages, pdf_timeout)");
        assertThatThrownBy(() -> PdfLimits.fromSettings(Map.of("pdf_max_bytes", "10MB")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("analysis.pdf_max_bytes must be a whole number of 1 or more, not '10MB'");
        assertThatThrownBy(() -> PdfLimits.fromSettings(Map.of("pdf_timeout", 0)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("analysis.pdf_timeout must be a positive number of seconds (a day at most), not '0'");
        assertThatThrownBy(() -> contribute(new PdfExtension(), Map.of("pdf_max_pages", -1)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("analysis.pdf_max_pages");
    }

    private Recorded contribute(AffixExtension extension, Map<String, Object> analysis) {
        AffixConfig.Builder config = AffixConfig.builder().secret("a-secret-of-sixteen-or-more").disk("local", dir);
        analysis.forEach(config::analysisSetting);
        Recorded recorded = new Recorded(new ExtensionContext(config.build(), null, null, null, Clock.systemUTC()));
        extension.contribute(recorded);
        return recorded;
    }

    /** Records what an extension contributes; the real registry is the analysis pipeline's, in affix-core. */
    private static final class Recorded implements Contributions {
        private final ExtensionContext context;
        private final List<Analyzer> analyzers = new ArrayList<>();
        private final List<String> jobs = new ArrayList<>();
        private final List<String> settings = new ArrayList<>();
        private final List<Previewer> previewers = new ArrayList<>();
        private final Map<String, String> disabledPreviewers = new LinkedHashMap<>();

        Recorded(ExtensionContext context) {
            this.context = context;
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

        @Override
        public void disabledAnalyzer(String name, String reason) {
            throw new AssertionError("the PDF analyzer needs nothing installed, yet " + name + " was disabled: " + reason);
        }

        @Override
        public void analysisSetting(String key) {
            settings.add(key);
        }

        @Override
        public void variantProcessor(VariantProcessor processor) {
            throw new AssertionError("the PDF extension registers no variant processor, yet registered " + processor.name());
        }

        @Override
        public void disabledVariantProcessor(String name, String reason) {
            throw new AssertionError("the PDF extension registers no variant processor, yet disabled " + name);
        }

        @Override
        public void previewer(Previewer previewer) {
            previewers.add(previewer);
        }

        @Override
        public void disabledPreviewer(String name, String reason) {
            disabledPreviewers.put(name, reason);
        }
    }
}

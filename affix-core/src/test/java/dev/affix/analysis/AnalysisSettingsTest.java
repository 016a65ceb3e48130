package dev.affix.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysis: section and a declaration's analyze:, as YAML gives them. */
class AnalysisSettingsTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultsAreLaterEveryAnalyzerAnd500Points() {
        AnalysisSettings settings = AnalysisSettings.read(Map.of(), Set.of());

        assertThat(settings.analyze()).isEqualTo(AnalysisMode.LATER);
        assertThat(settings.analyzers()).isEmpty();
        assertThat(settings.waveformPoints()).isEqualTo(500);
    }

    @Test
    void readsTheSectionOfAYamlFileWhereABareOffIsABoolean() throws IOException {
        AffixConfig config = load("""
                analysis:
                  analyze: off
                  analyzers: [image, com.example.Mine]
                  waveform_points: 64
                attachments:
                  Post.cover: { kind: one, analyze: immediately }
                  Post.files: { kind: many, analyze: off }
                """);

        AnalysisSettings settings = AnalysisSettings.read(config.analysis(), Set.of());

        assertThat(settings.analyze()).isEqualTo(AnalysisMode.OFF);
        assertThat(settings.analyzers()).contains(List.of("image", "com.example.Mine"));
        assertThat(settings.waveformPoints()).isEqualTo(64);
        assertThat(AttachmentDeclaration.fromConfig("Post.cover", config.attachments().get("Post.cover")).analyze())
                .isEqualTo(AnalysisMode.IMMEDIATELY);
        assertThat(AttachmentDeclaration.fromConfig("Post.files", config.attachments().get("Post.files")).analyze())
                .isEqualTo(AnalysisMode.OFF);
        assertThat(AttachmentDeclaration.one("Post", "other").analyzeOr(AnalysisMode.LATER)).isEqualTo(AnalysisMode.LATER);
    }

    @Test
    void anAnalyzerListMayBeCommaSeparatedTextAsAnEnvironmentVariableGivesIt() {
        assertThat(AnalysisSettings.read(Map.of("analyzers", " image, pdf ,"), Set.of()).analyzers()).isEqualTo(Optional.of(List.of("image",
                "pdf")));
    }

    @Test
    void mistakesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> AnalysisSettings.read(Map.of("analyse", "later"), Set.of("blurhash_components")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("analysis: unknown key 'analyse' (analyze, analyzers, blurhash_components, waveform_points)");
        assertThat(AnalysisSettings.read(Map.of("blurhash_components", 4), Set.of("blurhash_components")).analyze())
                .isEqualTo(AnalysisMode.LATER);
        assertThatThrownBy(() -> AnalysisSettings.read(Map.of("analyze", "soon"), Set.of()))
                .hasMessage("analysis.analyze 'soon' is not one of later, immediately, off");
        assertThatThrownBy(() -> AnalysisSettings.read(Map.of("waveform_points", "many"), Set.of()))
                .hasMessage("analysis.waveform_points must be a whole number, not 'many'");
        assertThatThrownBy(() -> AnalysisSettings.read(Map.of("waveform_points", 0), Set.of()))
                .hasMessage("analysis.waveform_points must be positive, not 0");
        assertThatThrownBy(() -> AttachmentDeclaration.fromConfig("Post.cover", Map.of("analyze", true)))
                .hasMessage("attachment 'Post.cover': analyze 'true' is not one of later, immediately, off");
    }

    private AffixConfig load(String extra) throws IOException {
        Path file = Files.writeString(dir.resolve("affix.yml"), """
                default_service: local
                secret: a-long-enough-secret
                services:
                  local: { service: Disk, root: %s }
                """.formatted(dir.resolve("storage")) + extra);
        return AffixConfig.load(file, null, Map.of());
    }
}

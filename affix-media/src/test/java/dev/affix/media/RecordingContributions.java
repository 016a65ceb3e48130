package dev.affix.media;

import dev.affix.analysis.Analyzer;
import dev.affix.config.AffixConfig;
import dev.affix.extension.Contributions;
import dev.affix.extension.ExtensionContext;
import dev.affix.job.JobHandler;
import dev.affix.variant.Previewer;
import dev.affix.variant.VariantProcessor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Affix's builder gives an extension, reduced to what the media extension uses: the
 * configuration. The services, blobs and job runner stay null because it never touches them (a
 * stand-in for the builder, which lives in affix-core's pipeline).
 */
final class RecordingContributions implements Contributions {

    private final ExtensionContext context;
    private final List<Analyzer> analyzers = new ArrayList<>();
    private final Map<String, String> disabled = new LinkedHashMap<>();
    private final List<String> settings = new ArrayList<>();
    private final List<VariantProcessor> processors = new ArrayList<>();
    private final List<Previewer> previewers = new ArrayList<>();
    private final Map<String, String> disabledPreviewers = new LinkedHashMap<>();

    RecordingContributions(Path storage, Map<String, Object> analysisSettings) {
        AffixConfig.Builder config = AffixConfig.builder().secret("a-secret-for-the-media-tests").disk("local", storage);
        analysisSettings.forEach(config::analysisSetting);
        this.context = new ExtensionContext(config.build(), null, null, null, Clock.systemUTC());
    }

    @Override
    public ExtensionContext context() {
        return context;
    }

    @Override
    public void job(String type, JobHandler handler) {
        throw new AssertionError("the media extension contributes no jobs, yet registered " + type);
    }

    @Override
    public void analyzer(Analyzer analyzer) {
        analyzers.add(analyzer);
    }

    @Override
    public void disabledAnalyzer(String name, String reason) {
        disabled.put(name, reason);
    }

    @Override
    public void analysisSetting(String key) {
        settings.add(key);
    }

    @Override
    public void variantProcessor(VariantProcessor processor) {
        processors.add(processor);
    }

    @Override
    public void disabledVariantProcessor(String name, String reason) {
        disabled.put(name, reason);
    }

    @Override
    public void previewer(Previewer previewer) {
        previewers.add(previewer);
    }

    @Override
    public void disabledPreviewer(String name, String reason) {
        disabledPreviewers.put(name, reason);
    }

    List<Previewer> previewers() {
        return previewers;
    }

    Map<String, String> disabledPreviewers() {
        return disabledPreviewers;
    }

    List<Analyzer> analyzers() {
        return analyzers;
    }

    Map<String, String> disabled() {
        return disabled;
    }

    List<String> settings() {
        return settings;
    }
}

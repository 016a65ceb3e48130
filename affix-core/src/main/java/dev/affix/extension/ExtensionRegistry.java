package dev.affix.extension;

import dev.affix.analysis.Analyzer;
import dev.affix.config.ConfigurationException;
import dev.affix.job.JobHandler;
import dev.affix.variant.Previewer;
import dev.affix.variant.VariantProcessor;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the extensions contributed, in the order they contributed it; filled while Affix is built.
 * A job type or analyzer name registered twice fails the start, naming both extensions.
 */
public final class ExtensionRegistry {

    private final ExtensionContext context;
    private final Map<String, JobHandler> jobs = new LinkedHashMap<>();
    private final Map<String, Analyzer> analyzers = new LinkedHashMap<>();
    private final Map<String, String> owners = new HashMap<>();
    private final Map<String, String> disabledAnalyzers = new LinkedHashMap<>();
    private final Set<String> analysisSettings = new LinkedHashSet<>();
    private final Map<String, VariantProcessor> processors = new LinkedHashMap<>();
    private final Map<String, String> disabledProcessors = new LinkedHashMap<>();
    private final Map<String, Previewer> previewers = new LinkedHashMap<>();
    private final Map<String, String> disabledPreviewers = new LinkedHashMap<>();

    public ExtensionRegistry(ExtensionContext context) {
        this.context = context;
    }

    /** Lets the extension register its contributions, under its name; one that fails stops the start, named. */
    public void contribute(AffixExtension extension) {
        String name = Objects.requireNonNull(extension.name(), () -> extension.getClass().getName() + ".name()");
        try {
            extension.contribute(new Scoped(name));
        } catch (ConfigurationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigurationException("extension '" + name + "' (" + extension.getClass().getName() + ") could not contribute: "
                    + e, e);
        }
    }

    public ExtensionContext context() {
        return context;
    }

    /** The handler of every job type. */
    public Map<String, JobHandler> jobs() {
        return Collections.unmodifiableMap(jobs);
    }

    /** Every analyzer by name, in registration order. */
    public Map<String, Analyzer> analyzers() {
        return Collections.unmodifiableMap(analyzers);
    }

    /** The analyzers that could not be contributed, by name, with the reason; a registered one of the same name wins. */
    public Map<String, String> disabledAnalyzers() {
        return withoutRegistered(disabledAnalyzers, analyzers);
    }

    /** The keys of the {@code analysis:} section that extensions read. */
    public Set<String> analysisSettings() {
        return Collections.unmodifiableSet(analysisSettings);
    }

    /** Every variant processor by name, in registration order. */
    public Map<String, VariantProcessor> variantProcessors() {
        return Collections.unmodifiableMap(processors);
    }

    /** The variant processors that could not be contributed, with the reason; a registered one of the same name wins. */
    public Map<String, String> disabledVariantProcessors() {
        return withoutRegistered(disabledProcessors, processors);
    }

    /** Every previewer by name, in registration order: the order they are asked in. */
    public Map<String, Previewer> previewers() {
        return Collections.unmodifiableMap(previewers);
    }

    /** The previewers that could not be contributed, with the reason. */
    public Map<String, String> disabledPreviewers() {
        return withoutRegistered(disabledPreviewers, previewers);
    }

    private static Map<String, String> withoutRegistered(Map<String, String> disabled, Map<String, ?> registered) {
        Map<String, String> result = new LinkedHashMap<>(disabled);
        result.keySet().removeAll(registered.keySet());
        return Collections.unmodifiableMap(result);
    }

    /** The registrations of one extension. */
    private final class Scoped implements Contributions {
        private final String extension;

        Scoped(String extension) {
            this.extension = extension;
        }

        @Override
        public ExtensionContext context() {
            return context;
        }

        @Override
        public void job(String type, JobHandler handler) {
            Objects.requireNonNull(handler, "handler");
            register("job type", type, jobs, handler);
        }

        @Override
        public void analyzer(Analyzer analyzer) {
            register("analyzer", analyzer.name(), analyzers, analyzer);
        }

        @Override
        public void disabledAnalyzer(String name, String reason) {
            disable(disabledAnalyzers, name, reason);
        }

        @Override
        public void analysisSetting(String key) {
            analysisSettings.add(Objects.requireNonNull(key, "key"));
        }

        @Override
        public void variantProcessor(VariantProcessor processor) {
            register("variant processor", processor.name(), processors, processor);
        }

        @Override
        public void disabledVariantProcessor(String name, String reason) {
            disable(disabledProcessors, name, reason);
        }

        @Override
        public void previewer(Previewer previewer) {
            register("previewer", previewer.name(), previewers, previewer);
        }

        @Override
        public void disabledPreviewer(String name, String reason) {
            disable(disabledPreviewers, name, reason);
        }

        /** Registers a contribution under its name, which no other one of its kind may have. */
        private <T> void register(String kind, String name, Map<String, T> registered, T contribution) {
            if (name == null || name.isBlank()) {
                throw new ConfigurationException("extension '" + extension + "' registers a " + kind + " without a name");
            }
            String owner = owners.putIfAbsent(kind + " " + name, extension);
            if (owner != null) {
                throw new ConfigurationException(kind + " '" + name + "' is registered twice: by extension '" + owner
                        + "' and by extension '" + extension + "'");
            }
            registered.put(name, contribution);
        }

        /** Records why a contribution is missing here; the first extension to say so is the one named. */
        private void disable(Map<String, String> disabled, String name, String reason) {
            disabled.putIfAbsent(Objects.requireNonNull(name, "name"), extension + ": " + reason);
        }
    }
}

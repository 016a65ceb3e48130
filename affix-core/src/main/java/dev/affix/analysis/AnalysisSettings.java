package dev.affix.analysis;

import dev.affix.config.ConfigurationException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration's {@code analysis:} section: when blobs are analysed by default, which analyzers
 * run in which order (all registered ones, in registration order, unless listed), and the number of
 * points of a waveform. Extensions may read keys of their own from the section; they declare them
 * ({@link dev.affix.extension.Contributions#analysisSetting}) so that a misspelt key is refused at start.
 *
 * @param analyze        the default mode; a declaration's {@code analyze:} overrides it
 * @param analyzers      the names or class names listed under {@code analyzers:}, when listed
 * @param waveformPoints the most points a waveform has, however long the audio (default 500)
 */
public record AnalysisSettings(AnalysisMode analyze, Optional<List<String>> analyzers, int waveformPoints) {

    public static final int DEFAULT_WAVEFORM_POINTS = 500;
    private static final Set<String> KEYS = Set.of("analyze", "analyzers", "waveform_points");

    public AnalysisSettings {
        analyzers = analyzers.map(List::copyOf);
        if (waveformPoints < 1) {
            throw new ConfigurationException("analysis.waveform_points must be positive, not " + waveformPoints);
        }
    }

    /**
     * Reads the section as written.
     *
     * @param extensionKeys further keys that extensions declared they read
     */
    public static AnalysisSettings read(Map<String, Object> section, Set<String> extensionKeys) {
        for (String key : section.keySet()) {
            if (!KEYS.contains(key) && !extensionKeys.contains(key)) {
                Set<String> known = new TreeSet<>(KEYS);
                known.addAll(extensionKeys);
                throw new ConfigurationException("analysis: unknown key '" + key + "' (" + String.join(", ", known) + ")");
            }
        }
        AnalysisMode mode = section.containsKey("analyze") ? AnalysisMode.parse("analysis.analyze", section.get("analyze"))
                : AnalysisMode.LATER;
        return new AnalysisSettings(mode, names(section.get("analyzers")), points(section.get("waveform_points")));
    }

    /** A YAML list, or a comma-separated text (as an environment variable gives it). */
    private static Optional<List<String>> names(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        List<?> items = value instanceof List<?> list ? list : Arrays.asList(value.toString().split(","));
        List<String> names = items.stream().map(item -> String.valueOf(item).trim()).filter(name -> !name.isEmpty()).toList();
        return Optional.of(names);
    }

    private static int points(Object value) {
        if (value == null) {
            return DEFAULT_WAVEFORM_POINTS;
        }
        try {
            return value instanceof Integer number ? number : Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("analysis.waveform_points must be a whole number, not '" + value + "'");
        }
    }
}

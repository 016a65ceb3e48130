package dev.affix.extension;

import dev.affix.analysis.Analyzer;
import dev.affix.job.JobHandler;
import dev.affix.variant.Previewer;
import dev.affix.variant.VariantProcessor;

/** What an {@link AffixExtension} registers its contributions with, and what it may use to build them. */
public interface Contributions {

    /** The configuration, services and blobs that contributions are made with. */
    ExtensionContext context();

    /**
     * The handler of a job type; a type is registered once, by one extension (a second registration
     * fails the start, naming both). The handler runs on whatever job runner is configured.
     */
    void job(String type, JobHandler handler);

    /**
     * An analyzer, known by its {@link Analyzer#name()}: the configuration's {@code analysis.analyzers}
     * names which run and in which order, by default every registered one in registration order.
     */
    void analyzer(Analyzer analyzer);

    /**
     * An analyzer this extension would contribute but cannot here, such as one whose tool is not
     * installed. Its name stays known, so a configuration that lists it still starts, and Affix
     * logs the reason once at start instead of failing every attach.
     *
     * @param reason what is missing and how to get it, e.g. "ffprobe is not on the PATH (apt-get install ffmpeg)"
     */
    void disabledAnalyzer(String name, String reason);

    /**
     * A key of the configuration's {@code analysis:} section that this extension reads from
     * {@link ExtensionContext#analysisSettings()}, so that it is not refused as unknown.
     */
    void analysisSetting(String key);

    /**
     * A variant processor, known by its {@link VariantProcessor#name()}: the configuration's
     * {@code variant_processor} chooses one ({@code auto}: {@code vips} if registered, else {@code java}).
     */
    void variantProcessor(VariantProcessor processor);

    /** A variant processor this extension cannot offer here (libvips missing, a JDK too old), with the reason. */
    void disabledVariantProcessor(String name, String reason);

    /** A previewer, known by its {@link Previewer#name()}; previewers are asked in registration order. */
    void previewer(Previewer previewer);

    /** A previewer this extension cannot offer here (its tool is not installed), with the reason, logged once at start. */
    void disabledPreviewer(String name, String reason);
}

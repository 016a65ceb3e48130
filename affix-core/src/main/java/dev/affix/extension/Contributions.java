package dev.affix.extension;

import dev.affix.analysis.Analyzer;
import dev.affix.job.JobHandler;

/** What an {@link AffixExtension} registers its contributions with, and what it may use to build them. */
public interface Contributions {

    /** The configuration, services and blobs that contributions are made with. */
    ExtensionContext context();

    /** The handler of a job type; a type is registered once, by one extension. */
    void job(String type, JobHandler handler);

    /**
     * An analyzer, known by its {@link Analyzer#name()}: the configuration's {@code analysis.analyzers}
     * names which run and in which order, by default every registered one in registration order.
     */
    void analyzer(Analyzer analyzer);
}

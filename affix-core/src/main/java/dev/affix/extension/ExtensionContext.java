package dev.affix.extension;

import dev.affix.blob.Blobs;
import dev.affix.config.AffixConfig;
import dev.affix.job.JobRunner;
import dev.affix.storage.StorageServices;
import java.time.Clock;
import java.util.Map;

/**
 * Everything an extension may build its contributions from. The job runner is not started while
 * extensions contribute: they may keep it, and queue jobs from their handlers or later, not from
 * {@link AffixExtension#contribute}.
 */
public record ExtensionContext(AffixConfig config, StorageServices services, Blobs blobs, JobRunner jobs, Clock clock) {

    /** The configuration's {@code analysis:} section as written (analyzers read their own keys from it). */
    public Map<String, Object> analysisSettings() {
        return config.analysis();
    }
}

package dev.affix.extension;

import dev.affix.blob.Blobs;
import dev.affix.config.AffixConfig;
import dev.affix.job.JobRunner;
import dev.affix.storage.StorageServices;
import java.time.Clock;

/** Everything an extension may build its contributions from. */
public record ExtensionContext(AffixConfig config, StorageServices services, Blobs blobs, JobRunner jobs, Clock clock) {
}

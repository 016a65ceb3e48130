package dev.affix.blob;

import dev.affix.job.Job;
import dev.affix.job.JobHandler;
import java.util.Map;

/** Purges a blob in the background ({@link Blobs#purgeLater}), unless it was attached again meanwhile. */
public final class PurgeBlobJob implements JobHandler {

    public static final String TYPE = "affix.purge_blob";

    private final Blobs blobs;

    public PurgeBlobJob(Blobs blobs) {
        this.blobs = blobs;
    }

    public static Job of(Blob blob) {
        return Job.of(TYPE, Map.of("blob_id", Long.toString(blob.id())));
    }

    @Override
    public void run(Map<String, String> arguments) {
        blobs.find(Long.parseLong(arguments.get("blob_id"))).ifPresent(blob -> {
            try {
                blobs.purge(blob);
            } catch (BlobInUseException attached) {
                // attached again since the purge was asked for: keep it
            }
        });
    }
}

package dev.affix.blob;

import dev.affix.job.Job;
import dev.affix.job.JobHandler;
import java.util.Map;

/**
 * Copies a blob whose bytes arrived in one place only (a direct upload into a Mirror's primary) to
 * the other places its service keeps them, verified; a service that does not replicate ignores it.
 */
public final class MirrorBlobJob implements JobHandler {

    public static final String TYPE = "affix.mirror_blob";

    private final Blobs blobs;

    public MirrorBlobJob(Blobs blobs) {
        this.blobs = blobs;
    }

    public static Job of(Blob blob) {
        return Job.of(TYPE, Map.of("blob_id", Long.toString(blob.id())));
    }

    @Override
    public void run(Map<String, String> arguments) {
        blobs.find(Long.parseLong(arguments.get("blob_id")))
                .ifPresent(blob -> blobs.service(blob).replicate(blob.key(), blob.checksum(), blobs.objectMetadata(blob)));
    }
}

package dev.affix.variant;

import dev.affix.blob.Blob;
import dev.affix.blob.Blobs;
import dev.affix.job.Job;
import dev.affix.job.JobHandler;
import dev.affix.json.Json;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a variant (or preview) in the background: a named variant declared {@code process: later}, or
 * the pass over existing blobs for a newly declared one. A file that cannot be transformed is logged
 * and left for the first request to try again; it does not keep a worker retrying.
 */
public final class ProcessVariantJob implements JobHandler {

    public static final String TYPE = "affix.process_variant";
    private static final Logger LOG = LoggerFactory.getLogger(ProcessVariantJob.class);

    private final Blobs blobs;
    private final Variants variants;

    public ProcessVariantJob(Blobs blobs, Variants variants) {
        this.blobs = blobs;
        this.variants = variants;
    }

    public static Job of(Blob blob, Transformations transformations) {
        return Job.of(TYPE, Map.of("blob_id", Long.toString(blob.id()), "transformations", Json.write(transformations.toMap())));
    }

    @Override
    public void run(Map<String, String> arguments) {
        Transformations transformations = Transformations.parse(Json.readObject(arguments.get("transformations")));
        blobs.find(Long.parseLong(arguments.get("blob_id"))).filter(variants::representable).ifPresent(blob -> {
            try {
                variants.representation(blob, transformations).processed();
            } catch (TransformationFailedException e) {
                LOG.warn("variant {} of blob {} could not be made; the first request for it tries again: {}", transformations, blob.id(),
                        e.getMessage());
            }
        });
    }
}

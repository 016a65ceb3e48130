package dev.affix.blob;

import dev.affix.job.Job;
import dev.affix.job.JobHandler;
import java.util.Map;

/**
 * Deletes one object unless a blob row points at it: what a failed upload leaves when deleting its
 * bytes at once failed too, and what jobs queued by earlier versions ask.
 */
public final class DeleteObjectJob implements JobHandler {

    public static final String TYPE = "affix.delete_object";

    private final ByteJanitor janitor;

    public DeleteObjectJob(ByteJanitor janitor) {
        this.janitor = janitor;
    }

    public static Job of(String serviceName, String key) {
        return Job.of(TYPE, Map.of("service", serviceName, "key", key));
    }

    @Override
    public void run(Map<String, String> arguments) {
        janitor.deleteUnlessReferenced(arguments.get("service"), arguments.get("key"));
    }
}

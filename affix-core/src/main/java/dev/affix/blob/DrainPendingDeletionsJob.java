package dev.affix.blob;

import dev.affix.job.Job;
import dev.affix.job.JobHandler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Works off the pending deletions that are due ({@link ByteJanitor#drain()}); queued after commits, periodically and at start. */
public final class DrainPendingDeletionsJob implements JobHandler {

    public static final String TYPE = "affix.delete_pending_objects";

    private static final Logger LOG = LoggerFactory.getLogger(DrainPendingDeletionsJob.class);

    private final ByteJanitor janitor;

    public DrainPendingDeletionsJob(ByteJanitor janitor) {
        this.janitor = janitor;
    }

    public static Job job() {
        return Job.of(TYPE, Map.of());
    }

    @Override
    public void run(Map<String, String> arguments) {
        ByteJanitor.Drained drained = janitor.drain();
        if (drained.failed() > 0) {
            LOG.warn("{} object deletions failed and will be retried", drained.failed());
        }
    }
}

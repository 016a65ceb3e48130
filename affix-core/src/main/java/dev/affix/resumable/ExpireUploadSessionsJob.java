package dev.affix.resumable;

import dev.affix.job.Job;
import dev.affix.job.JobHandler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes what abandoned resumable uploads left in their services ({@link UploadSessions#expire()}); queued periodically. */
public final class ExpireUploadSessionsJob implements JobHandler {

    public static final String TYPE = "affix.expire_resumable_uploads";

    private static final Logger LOG = LoggerFactory.getLogger(ExpireUploadSessionsJob.class);

    private final UploadSessions sessions;

    public ExpireUploadSessionsJob(UploadSessions sessions) {
        this.sessions = sessions;
    }

    public static Job job() {
        return Job.of(TYPE, Map.of());
    }

    @Override
    public void run(Map<String, String> arguments) {
        UploadSessions.Expired expired = sessions.expire();
        if (expired.abandoned() > 0 || expired.forgotten() > 0) {
            LOG.info("removed {} abandoned resumable uploads ({} bytes) and forgot {} finished ones", expired.abandoned(),
                    expired.abandonedBytes(), expired.forgotten());
        }
        if (expired.failed() > 0) {
            LOG.warn("{} expired resumable uploads could not be removed and will be tried again", expired.failed());
        }
    }
}

package dev.affix.jobs.dbscheduler;

import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import dev.affix.job.RetryLaterException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a job whose handler threw: another attempt after a delay that doubles each time,
 * until the last attempt fails, when the row is deleted and the job named in an error. A
 * {@link RetryLaterException} is an expected wait, so its retries are not logged.
 */
final class JobFailureHandler implements FailureHandler<StoredJob> {

    private static final Logger LOG = LoggerFactory.getLogger(DbSchedulerJobRunner.class);
    private static final int MAX_DOUBLINGS = 16;

    private final int maxAttempts;
    private final Duration firstBackoff;

    JobFailureHandler(int maxAttempts, Duration firstBackoff) {
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
    }

    @Override
    public void onFailure(ExecutionComplete complete, ExecutionOperations<StoredJob> operations) {
        Execution execution = complete.getExecution();
        int attempt = execution.consecutiveFailures + 1;
        Object job = execution.taskInstance.getData();
        String id = execution.taskInstance.getId();
        Throwable cause = complete.getCause().map(HandlerException::unwrap).orElse(null);
        if (attempt >= maxAttempts) {
            LOG.error("job {} ({}) failed {} times; giving up", job, id, attempt, cause);
            operations.remove();
            return;
        }
        Duration backoff = backoff(attempt);
        if (!(cause instanceof RetryLaterException)) {
            // one line per retry; the stack trace comes with the final error
            LOG.warn("job {} ({}) failed (attempt {}), retrying in {}: {}", job, id, attempt, backoff, String.valueOf(cause));
        }
        operations.reschedule(complete, complete.getTimeDone().plus(backoff));
    }

    /** The wait after the given failed attempt (1-based): the first backoff, doubled for each earlier failure. */
    private Duration backoff(int attempt) {
        return firstBackoff.multipliedBy(1L << Math.min(attempt - 1, MAX_DOUBLINGS));
    }
}

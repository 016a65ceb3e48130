package dev.affix.jobs.dbscheduler;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.affix.db.Dialect;
import dev.affix.job.Job;
import dev.affix.job.JobHandler;
import dev.affix.job.JobRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, clustered job runner on the application's own database (H2, PostgreSQL, MariaDB),
 * built on db-scheduler. Each job is a row of one table (created at {@link #start} when missing):
 * it survives restarts, and every JVM started on the same table takes its share of the due rows,
 * each row being run by one JVM at a time. A JVM that dies mid-job stops its heartbeat; another
 * one runs its jobs again once the heartbeat is missed long enough (about half an hour, the
 * db-scheduler default), which is why handlers must be idempotent.
 *
 * <p>A failing job is retried with a doubling delay up to {@link DbSchedulerSettings#maxAttempts}
 * attempts, then deleted with an error log. A job whose type has no handler (written by a newer
 * version of the application, say) is deleted with an error log, and the queue goes on.
 */
public final class DbSchedulerJobRunner implements JobRunner {

    /** The one db-scheduler task under which every Affix job is stored. */
    static final String TASK_NAME = "affix-job";

    private static final Logger LOG = LoggerFactory.getLogger(DbSchedulerJobRunner.class);
    // a running job gets this long to finish at close, then this long again after an interrupt
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final DbSchedulerSettings settings;
    private final OneTimeTask<StoredJob> task;
    private volatile Map<String, JobHandler> handlers = Map.of();
    private Scheduler scheduler;
    private boolean closed;

    public DbSchedulerJobRunner(DataSource dataSource) {
        this(dataSource, DbSchedulerSettings.DEFAULTS);
    }

    public DbSchedulerJobRunner(DataSource dataSource, DbSchedulerSettings settings) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.task = Tasks.oneTime(TASK_NAME, StoredJob.class)
                .onFailure(new JobFailureHandler(settings.maxAttempts(), settings.firstBackoff()))
                .execute((instance, context) -> run(instance));
    }

    public DbSchedulerSettings settings() {
        return settings;
    }

    /** Creates the table if missing and starts polling it. */
    @Override
    public synchronized void start(Map<String, JobHandler> handlers) {
        if (scheduler != null || closed) {
            throw new IllegalStateException("the job runner is already " + (closed ? "closed" : "started"));
        }
        this.handlers = Map.copyOf(handlers);
        Dialect dialect = SchedulerTable.dialect(dataSource);
        SchedulerTable.createIfMissing(dataSource, dialect, settings.table());
        Scheduler started = Scheduler.create(dataSource, task)
                .tableName(settings.table())
                .jdbcCustomization(SchedulerTable.jdbcCustomization(dialect))
                .threads(settings.threads())
                .pollingInterval(settings.pollInterval())
                .serializer(new JsonTaskDataSerializer())
                .schedulerName(new SchedulerName.Fixed(uniqueName()))
                // a job due now runs at once in this JVM instead of waiting for the next poll
                .enableImmediateExecution()
                .shutdownMaxWait(SHUTDOWN_WAIT)
                // JobFailureHandler logs failures, quietly for RetryLaterException
                .failureLogging(LogLevel.OFF, false)
                .build();
        started.start();
        scheduler = started;
    }

    /** Writes the job's row, due after its delay; the write is the only thing done on the caller's thread. */
    @Override
    public void enqueue(Job job) {
        Scheduler running;
        synchronized (this) {
            if (scheduler == null || closed) {
                throw new IllegalStateException("the job runner is " + (closed ? "closed" : "not started"));
            }
            running = scheduler;
        }
        TaskInstance<StoredJob> instance = task.instance(UUID.randomUUID().toString(), StoredJob.of(job));
        running.schedule(instance, Instant.now().plus(job.delay()));
    }

    /** Stops polling and waits a few seconds at most for running jobs; the rows of unfinished jobs stay for another JVM or the next start. */
    @Override
    public synchronized void close() {
        if (scheduler != null && !closed) {
            scheduler.stop();
        }
        closed = true;
    }

    private void run(TaskInstance<StoredJob> instance) {
        StoredJob job;
        try {
            job = instance.getData();
        } catch (RuntimeException e) {
            LOG.error("job {} cannot be read; dropping it", instance.getId(), e);
            return;
        }
        JobHandler handler = handlers.get(job.type());
        if (handler == null) {
            LOG.error("no handler for job type '{}'; dropping job {} ({})", job.type(), job, instance.getId());
            return;
        }
        try {
            handler.run(job.arguments());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new HandlerException(e);
        }
    }

    /** The host name plus a random part, so that JVMs on one host (or runners in one JVM) tell their picks apart. */
    private static String uniqueName() {
        String host = new SchedulerName.Hostname().getName();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        // picked_by holds 50 characters
        return host.substring(0, Math.min(host.length(), 40)) + "-" + suffix;
    }
}

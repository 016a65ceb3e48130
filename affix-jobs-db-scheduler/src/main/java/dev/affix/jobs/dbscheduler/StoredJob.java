package dev.affix.jobs.dbscheduler;

import dev.affix.job.Job;
import java.util.Map;

/**
 * What the table keeps of a {@link Job}, as JSON in the {@code task_data} column: its type and
 * arguments. The delay is not kept; it became the row's execution time.
 */
record StoredJob(String type, Map<String, String> arguments) {

    StoredJob {
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
    }

    static StoredJob of(Job job) {
        return new StoredJob(job.type(), job.arguments());
    }

    @Override
    public String toString() {
        return type + " " + arguments;
    }
}

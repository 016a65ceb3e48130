package dev.affix.job;

import java.util.Map;

/**
 * Does the work of one job type. A handler must be idempotent: runners retry after a failure, and a
 * durable runner may run a job again after a crash. Throwing {@link RetryLaterException} asks for
 * another attempt without counting it as an error.
 */
@FunctionalInterface
public interface JobHandler {
    void run(Map<String, String> arguments) throws Exception;
}

package dev.affix.db;

/**
 * Where Affix's rows live and how its writes join a transaction. {@link DataSourceDatabase} runs
 * each unit of work in a transaction of its own; {@link ConnectionDatabase} joins the caller's
 * JDBC transaction; the Spring Boot starter joins Spring's.
 */
public interface Database {

    Dialect dialect();

    /** Runs the work in a transaction: a new one committed before returning, or the caller's. */
    <T> T inTransaction(SqlWork<T> work);

    /**
     * Runs a single read: no writes, so no transaction of its own is needed. Serving a file looks its
     * row up on every request, and a begin/commit pair would double that lookup's round trips.
     */
    default <T> T read(SqlWork<T> work) {
        return inTransaction(work);
    }

    /**
     * Whether the work is committed when {@link #inTransaction} returns. When it is not (a caller's
     * transaction), Affix defers what must follow a commit, such as deleting purged bytes, to a job
     * that first checks the commit happened.
     */
    boolean commitsOnReturn();

    /**
     * Runs {@code action} once the transaction of the work just done has committed, and never if it
     * rolls back; returns false, running nothing, when this database cannot know (a caller's bare
     * JDBC connection), so that the caller falls back to a job that checks for itself. Called after
     * {@link #inTransaction} returns. By default: at once when {@link #commitsOnReturn()}.
     */
    default boolean afterCommit(Runnable action) {
        if (!commitsOnReturn()) {
            return false;
        }
        action.run();
        return true;
    }
}

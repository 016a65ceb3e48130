package dev.affix.jobs.dbscheduler;

import dev.affix.AffixException;

/** Carries a checked exception of a job handler through db-scheduler's unchecked execution interface. */
final class HandlerException extends AffixException {

    HandlerException(Exception cause) {
        super(cause.toString(), cause);
    }

    /** The handler's own exception, whether it came wrapped or not. */
    static Throwable unwrap(Throwable failure) {
        return failure instanceof HandlerException ? failure.getCause() : failure;
    }
}

package dev.affix.pdf;

import java.io.InterruptedIOException;

/**
 * Set once a parse has been given up; every read of the file checks it, so a parse that loops over the
 * file or expands a stream ends at its next read instead of running on unseen.
 */
final class Abandonment {

    private volatile String reason;

    void abandon(String why) {
        reason = why;
    }

    boolean abandoned() {
        return reason != null;
    }

    /** Throws if the parse has been given up. */
    void check() throws InterruptedIOException {
        String why = reason;
        if (why != null) {
            throw new InterruptedIOException("PDF parse abandoned: " + why);
        }
    }
}

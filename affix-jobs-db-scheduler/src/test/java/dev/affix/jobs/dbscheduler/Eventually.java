package dev.affix.jobs.dbscheduler;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what background threads do, failing with a description when it does not happen in time. */
final class Eventually {

    private Eventually() {
    }

    static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}

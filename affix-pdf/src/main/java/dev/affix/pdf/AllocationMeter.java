package dev.affix.pdf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.OptionalLong;

/**
 * The bytes a thread has allocated so far, where the JVM counts them (HotSpot and OpenJ9 do, through
 * {@code com.sun.management.ThreadMXBean}); empty elsewhere, and then only the deadline bounds a parse.
 */
final class AllocationMeter {

    private final com.sun.management.ThreadMXBean threads;

    AllocationMeter() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean counting && counting.isThreadAllocatedMemorySupported()) {
            counting.setThreadAllocatedMemoryEnabled(true);
            this.threads = counting;
        } else {
            this.threads = null;
        }
    }

    boolean supported() {
        return threads != null;
    }

    @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; the id is the same
    OptionalLong allocatedBy(Thread thread) {
        if (threads == null) {
            return OptionalLong.empty();
        }
        long bytes = threads.getThreadAllocatedBytes(thread.getId());
        return bytes < 0 ? OptionalLong.empty() : OptionalLong.of(bytes);
    }
}

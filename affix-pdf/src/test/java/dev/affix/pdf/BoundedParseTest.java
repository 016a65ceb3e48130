package dev.affix.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a parse is bounded, with tasks that stand in for a misbehaving parser: they ignore interrupts
 * and read from memory, so only the {@link Abandonment} checked by {@link GuardedRead} can stop them.
 */
@Timeout(30)
class BoundedParseTest {

    private final AtomicReference<Thread> worker = new AtomicReference<>();

    @Test
    void returnsWhatTheParseFound() {
        BoundedParse parse = new BoundedParse("analysis", Duration.ofSeconds(5), Long.MAX_VALUE, new AllocationMeter());

        String found = parse.run("affix-pdf-test", abandonment -> "facts");

        assertThat(found).isEqualTo("facts");
    }

    @Test
    void aParseThatNeverStopsReadingIsAbandonedAtItsDeadlineAndEndsAtItsNextRead() {
        BoundedParse parse = new BoundedParse("analysis", Duration.ofMillis(200), Long.MAX_VALUE, new AllocationMeter());

        long started = System.nanoTime();
        assertThatThrownBy(() -> parse.run("affix-pdf-test", this::readForever))
                .isInstanceOf(PdfAnalysisException.class)
                .hasMessage("PDF analysis abandoned: it took longer than 200 ms");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
        assertThat(worker.get().isAlive()).isFalse();
    }

    @Test
    void aParseThatKeepsAllocatingIsAbandonedOnceItHasAllocatedItsBudget() {
        AllocationMeter meter = new AllocationMeter();
        assertThat(meter.supported()).as("the JDK that runs these tests counts allocations").isTrue();
        BoundedParse parse = new BoundedParse("analysis", Duration.ofSeconds(20), 32L << 20, meter);

        long started = System.nanoTime();
        assertThatThrownBy(() -> parse.run("affix-pdf-test", this::expandForever))
                .isInstanceOf(PdfAnalysisException.class)
                .hasMessage("PDF analysis abandoned: it allocated more than 33554432 bytes");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
        assertThat(worker.get().isAlive()).isFalse();
    }

    @Test
    void aStackOverflowEndsTheParseOnlyAndIsReportedAsTooDeep() {
        BoundedParse parse = new BoundedParse("analysis", Duration.ofSeconds(20), Long.MAX_VALUE, new AllocationMeter());

        assertThatThrownBy(() -> parse.run("affix-pdf-test", abandonment -> descend(0)))
                .isInstanceOf(PdfAnalysisException.class)
                .hasMessage("unreadable PDF: its structure is nested too deeply")
                .hasCauseInstanceOf(StackOverflowError.class);
    }

    @Test
    void aPdfAnalysisExceptionOfTheParseIsPassedOnAsItIs() {
        BoundedParse parse = new BoundedParse("analysis", Duration.ofSeconds(5), Long.MAX_VALUE, new AllocationMeter());
        PdfAnalysisException locked = new PdfAnalysisException("locked");

        assertThatThrownBy(() -> parse.run("affix-pdf-test", abandonment -> {
            throw locked;
        })).isSameAs(locked);
    }

    private String readForever(Abandonment abandonment) throws IOException {
        worker.set(Thread.currentThread());
        try (RandomAccessRead file = new GuardedRead(new RandomAccessReadBuffer(new byte[4096]), abandonment)) {
            while (true) {
                file.seek(0);
                while (file.read() != -1) {
                    Thread.interrupted(); // deaf to interrupts, as a parser that swallows them would be
                }
            }
        }
    }

    /** Allocates and drops buffers, as a stream expanding into a series of chunks would, but never fills the heap. */
    private String expandForever(Abandonment abandonment) throws IOException {
        worker.set(Thread.currentThread());
        byte[][] recent = new byte[16][];
        try (RandomAccessRead file = new GuardedRead(new RandomAccessReadBuffer(new byte[4096]), abandonment)) {
            for (int chunk = 0; ; chunk++) {
                file.seek(0);
                recent[chunk % recent.length] = new byte[64 * 1024];
                recent[chunk % recent.length][0] = (byte) file.read();
                Thread.interrupted();
            }
        }
    }

    private static int descend(int depth) {
        return descend(depth + 1) + 1;
    }
}

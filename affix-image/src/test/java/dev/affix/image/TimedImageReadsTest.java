package dev.affix.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimedImageReadsTest {

    private static final Duration DEADLINE = Duration.ofMillis(300);

    @TempDir
    Path folder;

    @Test
    void aDecodeThatNeverEndsIsAbortedAtTheDeadlineAndStops() throws Exception {
        Path file = Fixtures.write(folder, "photo.jpg", Fixtures.encode(Fixtures.gradient(1000, 750), "jpg"));
        AtomicReference<Thread> worker = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        TimedImageReads reads = new TimedImageReads(new ImageReaders(), "analysis.image_timeout");

        long started = System.nanoTime();
        assertThatThrownBy(() -> reads.read(file, ImageFormat.JPEG, DEADLINE, image -> {
            worker.set(Thread.currentThread());
            try {
                while (true) {
                    // the JPEG decoder ignores interrupts: only the abort and the closed file stop this loop
                    image.firstFrame(1);
                }
            } finally {
                stopped.countDown();
            }
        })).isInstanceOf(ImageTimeoutException.class).hasMessageContaining("analysis.image_timeout");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE.plusSeconds(2));
        assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.get().isDaemon()).isTrue();
        assertThat(worker.get()).isNotSameAs(Thread.currentThread());
    }

    @Test
    void aReaderThatIgnoresEveryStopIsAbandonedAndTheNextReadGetsAnotherWorker() throws Exception {
        Path file = Fixtures.write(folder, "small.png", Fixtures.encode(Fixtures.gradient(8, 6), "png"));
        AtomicBoolean release = new AtomicBoolean();
        CountDownLatch ended = new CountDownLatch(1);
        TimedImageReads reads = new TimedImageReads(new ImageReaders(), "analysis.image_timeout");

        long started = System.nanoTime();
        try {
            assertThatThrownBy(() -> reads.read(file, ImageFormat.PNG, DEADLINE, image -> {
                try {
                    while (!release.get()) {
                        Thread.onSpinWait(); // deaf to interrupts and to the closed file
                    }
                    return null;
                } finally {
                    ended.countDown();
                }
            })).isInstanceOf(ImageTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE.plusSeconds(2));
            assertThat(ended.getCount()).isEqualTo(1);

            // the stuck worker keeps only itself busy: the next read gets another
            int width = reads.read(file, ImageFormat.PNG, DEADLINE, image -> image.header().width());
            assertThat(width).isEqualTo(8);
        } finally {
            release.set(true);
        }
        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aReadBlockedOnSomethingInterruptibleIsInterrupted() throws Exception {
        Path file = Fixtures.write(folder, "small.png", Fixtures.encode(Fixtures.gradient(8, 6), "png"));
        CountDownLatch interrupted = new CountDownLatch(1);
        TimedImageReads reads = new TimedImageReads(new ImageReaders(), "analysis.image_timeout");

        assertThatThrownBy(() -> reads.read(file, ImageFormat.PNG, DEADLINE, image -> {
            try {
                Thread.sleep(60_000);
                return null;
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw new IOException("interrupted", e);
            }
        })).isInstanceOf(ImageTimeoutException.class);
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aReaderFailingWithARuntimeExceptionIsReportedAsUnreadableAndAnIOExceptionAsItself() throws Exception {
        Path file = Fixtures.write(folder, "small.png", Fixtures.encode(Fixtures.gradient(8, 6), "png"));
        TimedImageReads reads = new TimedImageReads(new ImageReaders(), "analysis.image_timeout");
        IOException failure = new IOException("disk gone");

        assertThatThrownBy(() -> reads.read(file, ImageFormat.PNG, DEADLINE, image -> {
            throw new ArrayIndexOutOfBoundsException(7);
        })).isInstanceOf(UnreadableImageException.class).hasMessageStartingWith("the PNG reader failed on these bytes")
                .hasCauseInstanceOf(ArrayIndexOutOfBoundsException.class);
        assertThatThrownBy(() -> reads.read(file, ImageFormat.PNG, DEADLINE, image -> {
            throw failure;
        })).isSameAs(failure);
        int width = reads.read(file, ImageFormat.PNG, DEADLINE, image -> image.header().width());
        assertThat(width).isEqualTo(8);
    }
}

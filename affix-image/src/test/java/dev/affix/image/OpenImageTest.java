package dev.affix.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenImageTest {

    @TempDir
    Path folder;

    @Test
    void abortFromAnotherThreadStopsAJpegReadInProgressWithoutThrowingAtTheCaller() throws Exception {
        Path file = Fixtures.write(folder, "large.jpg", Fixtures.encode(Fixtures.gradient(3000, 3000), "jpg"));
        try (OpenImage image = new ImageReaders().open(file, ImageFormat.JPEG)) {
            CountDownLatch reading = new CountDownLatch(1);
            CountDownLatch aborted = new CountDownLatch(1);
            // the read pauses as it starts until the abort has been asked for: the abort lands mid-read, whatever the machine's speed
            image.addReadProgressListener(new PausingAtStart(reading, aborted));
            CompletableFuture<Pixels> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return image.firstFrame(1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();

            // the JDK's JPEG reader throws IllegalStateException when abort() comes from another thread mid-read
            assertThatCode(image::abort).doesNotThrowAnyException();
            aborted.countDown();
            assertThat(read).failsWithin(5, TimeUnit.SECONDS);
        }
    }

    /** Holds the reading thread at the start of the image until told to go on. */
    private record PausingAtStart(CountDownLatch reading, CountDownLatch goOn) implements IIOReadProgressListener {

        @Override
        public void imageStarted(ImageReader source, int imageIndex) {
            reading.countDown();
            try {
                goOn.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void sequenceStarted(ImageReader source, int minIndex) {
        }

        @Override
        public void sequenceComplete(ImageReader source) {
        }

        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
        }

        @Override
        public void imageComplete(ImageReader source) {
        }

        @Override
        public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
        }

        @Override
        public void thumbnailProgress(ImageReader source, float percentageDone) {
        }

        @Override
        public void thumbnailComplete(ImageReader source) {
        }

        @Override
        public void readAborted(ImageReader source) {
        }
    }
}

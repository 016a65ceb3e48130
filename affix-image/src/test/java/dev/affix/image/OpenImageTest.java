package dev.affix.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenImageTest {

    @TempDir
    Path folder;

    @Test
    void abortFromAnotherThreadStopsAJpegReadInProgressWithoutThrowingAtTheCaller() throws Exception {
        // large enough that a full-size decode lasts well beyond the 50 ms waited below
        Path file = Fixtures.write(folder, "large.jpg", Fixtures.encode(Fixtures.gradient(3000, 3000), "jpg"));
        try (OpenImage image = new ImageReaders().open(file, ImageFormat.JPEG)) {
            CountDownLatch reading = new CountDownLatch(1);
            CompletableFuture<RgbPixels> read = CompletableFuture.supplyAsync(() -> {
                reading.countDown();
                try {
                    return image.firstFrame(1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);

            // the JDK's JPEG reader throws IllegalStateException when abort() comes from another thread mid-read
            assertThatCode(image::abort).doesNotThrowAnyException();
            assertThat(read).failsWithin(5, TimeUnit.SECONDS);
        }
    }
}

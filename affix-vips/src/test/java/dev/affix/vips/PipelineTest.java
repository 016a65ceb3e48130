package dev.affix.vips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.variant.OutputFormat;
import dev.affix.variant.TransformationFailedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {

    private final Vips vips = Vips.load(new TreeSet<>(VipsVariantProcessor.LOADERS.values()), 1);
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

    @TempDir
    Path folder;

    PipelineTest() {
        scheduler.setRemoveOnCancelPolicy(true); // as the processor's: a cancelled watchdog leaves the queue
    }

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void whenTheTimeIsUpTheEvaluationUnderWayFailsAndNoImageMayBeAdded() {
        Path big = VipsCli.black(folder.resolve("big.png"), 4000, 3000, 3);
        Path target = folder.resolve("variant.png");

        try (Pipeline pipeline = new Pipeline(scheduler, Duration.ofHours(1))) {
            VipsImage thumbnail = pipeline.add(vips.thumbnail(big, 100, 100, Vips.SIZE_DOWN));
            pipeline.expire();

            assertThat(pipeline.expired()).isTrue();
            // nothing is decoded until the save pulls the pixels through the killed image
            assertThatThrownBy(() -> thumbnail.save(target, OutputFormat.PNG, null, false))
                    .isInstanceOf(TransformationFailedException.class).hasMessageContaining("killed");
            assertThatThrownBy(() -> pipeline.add(vips.open(big))).isInstanceOf(TransformationFailedException.class)
                    .hasMessage("the time is up");
        }
    }

    @Test
    void theWatchdogExpiresThePipelineAtItsTimeout() throws InterruptedException {
        try (Pipeline pipeline = new Pipeline(scheduler, Duration.ofMillis(1))) {
            scheduler.shutdown();
            assertThat(scheduler.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

            assertThat(pipeline.expired()).isTrue();
        }
    }

    @Test
    void closingGivesBackEveryImageAndStopsTheWatchdog() {
        Path small = VipsCli.black(folder.resolve("small.png"), 40, 30, 3);
        VipsImage image;
        try (Pipeline pipeline = new Pipeline(scheduler, Duration.ofHours(1))) {
            image = pipeline.add(vips.open(small));
        }

        assertThat(scheduler.getQueue()).isEmpty();
        assertThatThrownBy(image::width).isInstanceOf(IllegalStateException.class).hasMessage("this libvips image was closed");
    }
}

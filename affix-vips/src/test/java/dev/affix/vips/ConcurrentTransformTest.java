package dev.affix.vips;

import static dev.affix.vips.VipsVariantProcessorTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.variant.OutputFormat;
import dev.affix.variant.Transformations;
import dev.affix.vips.VipsCli.Size;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentTransformTest {

    @TempDir
    Path folder;

    @Test
    void oneProcessorServesEightThreadsAtOnce() throws Exception {
        VipsVariantProcessor processor = new VipsVariantProcessor();
        Path photo = VipsCli.black(folder.resolve("photo.jpg"), 4000, 3000, 3);
        OutputFormat[] formats = {OutputFormat.JPEG, OutputFormat.PNG};
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Size>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int width = 100 + 20 * i;
                Path target = folder.resolve("variant-" + i);
                OutputFormat format = formats[i % formats.length];
                results.add(threads.submit(() -> {
                    start.await();
                    processor.transform(request(photo, "image/jpeg", Transformations.builder().resizeToLimit(width, 4000).build(), format,
                            target));
                    return Decoded.size(target);
                }));
            }
            start.countDown();

            for (int i = 0; i < results.size(); i++) {
                int width = 100 + 20 * i;
                assertThat(results.get(i).get()).isEqualTo(new Size(width, Math.round(width * 3 / 4f)));
            }
        } finally {
            threads.shutdownNow();
        }
    }
}

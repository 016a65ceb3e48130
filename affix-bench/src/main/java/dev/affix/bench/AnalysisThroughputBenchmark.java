package dev.affix.bench;

import dev.affix.Affix;
import dev.affix.analysis.AnalysisInput;
import dev.affix.analysis.AnalyzeBlobJob;
import dev.affix.analysis.Analyzer;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.config.AffixConfig;
import dev.affix.image.BlurhashAnalyzer;
import dev.affix.image.ImageAnalyzer;
import dev.affix.image.ImageSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Analysis of many attached 4000x3000 JPEGs by the in-process job runner: the blobs are attached
 * with analysis off, then one analysis job a blob is queued and the clock runs until every blob is
 * {@code analyzed}. Each job downloads a verified private copy, runs the {@code image} and
 * {@code blurhash} analyzers and merges the facts under the blob's row lock. The baseline, in the same
 * run: the same two analyzers called directly on the files, one thread, no storage and no database.
 * The heap figure is the peak of the heap pools during the job phase (run it with {@code -Xmx} to cap it).
 *
 * <pre>java -Xmx256m -cp affix-bench/target/affix-bench.jar dev.affix.bench.AnalysisThroughputBenchmark [FILES=1000] [THREADS=2]</pre>
 */
public final class AnalysisThroughputBenchmark {

    private AnalysisThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path work = Files.createTempDirectory("affix-analysis-bench");
        Path photo = ImageAnalysisBenchmark.photos(work, 1).get(0);
        AffixConfig config = AffixConfig.builder()
                .secret("analysis-throughput-benchmark")
                .database("jdbc:h2:file:" + work.resolve("db") + ";DB_CLOSE_DELAY=-1", "sa", "")
                .disk("local", work.resolve("storage"))
                .attachment("Photo.image", Map.of("kind", "one"))
                .jobSetting("threads", threads)
                .analysisSetting("analyze", "off")
                .analysisSetting("analyzers", List.of("image", "blurhash"))
                .build();
        try (Affix affix = Affix.start(config)) {
            List<Blob> blobs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                blobs.add(affix.one(RecordRef.of("Photo", i), "image").attach(photo).blob());
            }
            double baseline = directly(photo, Math.min(count, 100));

            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            blobs.forEach(blob -> affix.jobs().enqueue(AnalyzeBlobJob.of(blob)));
            int done = 0;
            while (done < count) {
                Thread.sleep(200);
                done = (int) blobs.stream().filter(blob -> affix.blobs().require(blob.id()).analyzed()).count();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                    .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            Map<String, Object> facts = affix.blobs().require(blobs.get(0).id()).metadata();
            System.out.printf(Locale.ROOT, "analysis of %d attached 4000x3000 JPEGs by the in-process runner (%d threads): %.1f s, "
                    + "%.1f files/s; analyzers called directly, one thread: %.1f files/s (ratio %.2f); peak heap %d MiB of %d MiB max; "
                    + "facts %s%n", count, threads, seconds, count / seconds, baseline, count / seconds / baseline, peakHeap >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, facts.keySet());
        }
    }

    /** Files per second through the two analyzers alone. */
    private static double directly(Path photo, int files) throws Exception {
        Analyzer image = new ImageAnalyzer(ImageSettings.DEFAULTS);
        Analyzer blurhash = new BlurhashAnalyzer(ImageSettings.DEFAULTS);
        Blob blob = new Blob(1, "bench", "photo.jpg", "image/jpeg", Map.of("identified", true), "local", 0, null, Instant.EPOCH);
        for (int i = 0; i < 10; i++) {
            blurhash.analyze(new AnalysisInput(blob, photo, image.analyze(new AnalysisInput(blob, photo, Map.of())).facts()));
        }
        long start = System.nanoTime();
        for (int i = 0; i < files; i++) {
            blurhash.analyze(new AnalysisInput(blob, photo, image.analyze(new AnalysisInput(blob, photo, Map.of())).facts()));
        }
        return files / ((System.nanoTime() - start) / 1e9);
    }
}

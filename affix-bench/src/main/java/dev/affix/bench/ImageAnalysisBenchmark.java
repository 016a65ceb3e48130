package dev.affix.bench;

import dev.affix.analysis.AnalysisInput;
import dev.affix.analysis.Analyzer;
import dev.affix.blob.Blob;
import dev.affix.image.BlurhashAnalyzer;
import dev.affix.image.ImageAnalyzer;
import dev.affix.image.ImageSettings;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * The image analyzers against libvips' command-line tools on the same 4000x3000 JPEG, in the same run.
 *
 * <p>Dimensions: Affix's {@code image} analyzer in this process (its start excluded: the JVM is warm)
 * against one {@code vipsheader} process per file (its start included: that is how an application
 * without an in-process reader gets the facts). Blurhash: Affix's {@code blurhash} analyzer (a
 * subsampled decode, then the hash) against {@code vipsthumbnail -s 64} of the same file (a
 * shrink-on-load decode to 64 pixels, written as a JPEG), process start included. Each round runs
 * both sides over every file, interleaved; the medians of the per-file times are reported. For
 * reference, each round also times one {@code vipsheader} and one {@code vipsthumbnail} process given
 * all the files at once, which spreads one process start over them (not the goal's comparison).
 *
 * <pre>java -cp affix-bench/target/affix-bench.jar dev.affix.bench.ImageAnalysisBenchmark [FILES=200] [ROUNDS=5] [BLURHASH_FILES=50]</pre>
 */
public final class ImageAnalysisBenchmark {

    private ImageAnalysisBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int blurhashFiles = Math.min(files, args.length > 2 ? Integer.parseInt(args[2]) : 50);
        Path work = Files.createTempDirectory("affix-image-bench");
        try {
            List<Path> jpegs = photos(work, files);
            Analyzer image = new ImageAnalyzer(ImageSettings.DEFAULTS);
            Analyzer blurhash = new BlurhashAnalyzer(ImageSettings.DEFAULTS);
            check(image, jpegs.get(0));

            // warm the JIT and the page cache
            perFile(jpegs, file -> image.analyze(input(file)));
            perFile(jpegs.subList(0, Math.min(20, files)), file -> blurhash.analyze(input(file)));
            run("vipsheader", jpegs.get(0).toString());
            run("vipsthumbnail", "-s", "64", "-o", work.resolve("thumbnail.jpg").toString(), jpegs.get(0).toString());

            List<Double> ours = new ArrayList<>();
            List<Double> vipsheader = new ArrayList<>();
            List<Double> ourHashes = new ArrayList<>();
            List<Double> vipsthumbnail = new ArrayList<>();
            List<Double> vipsheaderOnce = new ArrayList<>();
            List<Double> vipsthumbnailOnce = new ArrayList<>();
            String thumbnail = work.resolve("thumbnail.jpg").toString();
            List<Path> hashed = jpegs.subList(0, blurhashFiles);
            for (int round = 0; round < rounds; round++) {
                ours.add(perFile(jpegs, file -> image.analyze(input(file))));
                vipsheader.add(perFile(jpegs, file -> run("vipsheader", file.toString())));
                vipsheaderOnce.add(oneProcess(jpegs, "vipsheader"));
                ourHashes.add(perFile(hashed, file -> blurhash.analyze(input(file))));
                vipsthumbnail.add(perFile(hashed, file -> run("vipsthumbnail", "-s", "64", "-o", thumbnail, file.toString())));
                vipsthumbnailOnce.add(oneProcess(hashed, "vipsthumbnail", "-s", "64", "-o", work.resolve("thumbnail-%s.jpg").toString()));
            }

            double dimensions = median(ours);
            double header = median(vipsheader);
            double hash = median(ourHashes);
            double thumb = median(vipsthumbnail);
            System.out.printf(Locale.ROOT, "width/height of a 4000x3000 JPEG, %d files x %d rounds: Affix in process %.3f ms/file; "
                    + "vipsheader (process start included) %.2f ms/file; ratio %.3f (goal <= 1.0)%n", files, rounds, dimensions, header,
                    dimensions / header);
            System.out.printf(Locale.ROOT, "blurhash of a 4000x3000 JPEG, %d files x %d rounds: Affix in process %.2f ms/file; "
                    + "vipsthumbnail -s 64 (process start included) %.2f ms/file; ratio %.2f (goal <= 1.5)%n", blurhashFiles, rounds, hash, thumb,
                    hash / thumb);
            System.out.printf(Locale.ROOT, "for reference, one process for all the files: vipsheader %.2f ms/file, vipsthumbnail -s 64 %.2f ms/file%n",
                    median(vipsheaderOnce), median(vipsthumbnailOnce));
        } finally {
            try (var paths = Files.walk(work)) {
                paths.sorted(Collections.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** A photo-like 4000x3000 JPEG (smooth colour with grain, about 2.4 MB), copied into {@code count} files. */
    /** {@code count} copies of one 4000x3000 JPEG with grain, so that it compresses like a photo. */
    static List<Path> photos(Path work, int count) throws IOException {
        BufferedImage photo = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        Random grain = new Random(1);
        for (int y = 0; y < 3000; y++) {
            for (int x = 0; x < 4000; x++) {
                int noise = grain.nextInt(40);
                int red = Math.min(255, x * 255 / 4000 + noise);
                int green = Math.min(255, y * 255 / 3000 + noise);
                int blue = Math.min(255, 128 + noise);
                photo.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        Path first = work.resolve("photo-000.jpg");
        ImageIO.write(photo, "jpg", first.toFile());
        List<Path> files = new ArrayList<>(List.of(first));
        for (int i = 1; i < count; i++) {
            files.add(Files.copy(first, work.resolve(String.format(Locale.ROOT, "photo-%03d.jpg", i))));
        }
        return files;
    }

    private static void check(Analyzer image, Path jpeg) throws Exception {
        Map<String, Object> facts = image.analyze(input(jpeg)).facts();
        if (!facts.equals(Map.of("width", 4000, "height", 3000))) {
            throw new IllegalStateException("the image analyzer read " + facts);
        }
    }

    private static AnalysisInput input(Path file) {
        Blob blob = new Blob(1, "bench", file.getFileName().toString(), "image/jpeg", Map.of("identified", true), "local", 0, null,
                Instant.EPOCH);
        return new AnalysisInput(blob, file, Map.of());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    /** Milliseconds per file of one process of {@code command} given every file as an argument. */
    private static double oneProcess(List<Path> files, String... command) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(command));
        files.forEach(file -> arguments.add(file.toString()));
        long start = System.nanoTime();
        run(arguments.toArray(String[]::new));
        return (System.nanoTime() - start) / 1e6 / files.size();
    }

    @FunctionalInterface
    private interface FileTask {
        void run(Path file) throws Exception;
    }

    /** Milliseconds per file of {@code task} over {@code files}. */
    private static double perFile(List<Path> files, FileTask task) throws Exception {
        long start = System.nanoTime();
        for (Path file : files) {
            task.run(file);
        }
        return (System.nanoTime() - start) / 1e6 / files.size();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}

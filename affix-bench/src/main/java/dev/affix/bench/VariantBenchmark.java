package dev.affix.bench;

import dev.affix.Affix;
import dev.affix.blob.Blob;
import dev.affix.blob.NewBlob;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.http.AffixServlet;
import dev.affix.http.RepresentationUrls;
import dev.affix.job.InlineJobRunner;
import dev.affix.variant.Transformations;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/**
 * The first request for a {@code thumb} variant ({@code resize_to_limit: [400, 400]}) of a fresh
 * 4000x3000 JPEG through the representation proxy URL, on an embedded Tomcat with the Disk service and
 * H2: download, transform, upload, record and serve included. Against {@code vipsthumbnail -s 400x400}
 * of the same file, its process start included, in the same run, interleaved file by file; medians.
 * Then 200 concurrent first requests for one fresh variant (how many blobs were made, how many distinct
 * bodies), and 50 concurrent first requests for 50 fresh JPEGs (how many failed, the heap's peak).
 *
 * <pre>java -Xmx256m -cp affix-bench/target/affix-bench.jar dev.affix.bench.VariantBenchmark vips|java [FILES=30]</pre>
 */
public final class VariantBenchmark {

    private static final Transformations THUMB = Transformations.builder().resizeToLimit(400, 400).build();

    private VariantBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String processor = args.length > 0 ? args[0] : "auto";
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path work = Files.createTempDirectory("affix-variant-bench");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        AffixConfig config = AffixConfig.builder().secret("variant-benchmark-secret")
                .database(DatabaseSettings.of("jdbc:h2:file:" + work.resolve("db") + ";DB_CLOSE_DELAY=-1", null, null))
                .service("local", "Disk", Map.of("root", work.resolve("storage").toString(), "sync", false))
                .baseUrl("http://127.0.0.1:" + port).prefix("/affix").variantProcessor(processor).build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (Affix affix = Affix.builder(config).jobRunner(new InlineJobRunner()).build()) {
            Tomcat tomcat = start(affix, port, work.resolve("tomcat"));
            try {
                List<Path> jpegs = ImageAnalysisBenchmark.photos(work, files + 250);
                RepresentationUrls urls = new RepresentationUrls(affix);
                System.out.printf(Locale.ROOT, "processor %s on Java %s, %d cores%n", affix.variants().processorName().orElse("none"),
                        Runtime.version(), Runtime.getRuntime().availableProcessors());

                // warm the JIT, the page cache and both sides once
                firstRequest(affix, urls, client, port, jpegs.get(0));
                vipsthumbnail(jpegs.get(0), work.resolve("warm.jpg"));

                List<Double> ours = new ArrayList<>();
                List<Double> vips = new ArrayList<>();
                for (int i = 1; i <= files; i++) {
                    ours.add(firstRequest(affix, urls, client, port, jpegs.get(i)));
                    vips.add(vipsthumbnail(jpegs.get(i), work.resolve("thumb-" + i + ".jpg")));
                }
                double oursMedian = median(ours);
                double vipsMedian = median(vips);
                System.out.printf(Locale.ROOT, "first thumb request: %.1f ms (median of %d), vipsthumbnail -s 400x400: %.1f ms; ratio %.2f%n",
                        oursMedian, files, vipsMedian, oursMedian / vipsMedian);

                concurrentRequestsForOneVariant(affix, urls, client, port, jpegs.get(files + 1), 200);
                concurrentRequestsForManyVariants(affix, urls, client, port, jpegs.subList(files + 2, files + 52));
            } finally {
                tomcat.stop();
                tomcat.destroy();
            }
        }
    }

    private static Tomcat start(Affix affix, int port, Path base) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setPort(port);
        tomcat.setHostname("127.0.0.1");
        tomcat.setBaseDir(base.toString());
        tomcat.getConnector().setProperty("maxThreads", "250");
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "affix", new AffixServlet(affix));
        context.addServletMappingDecoded("/affix/*", "affix");
        tomcat.start();
        return tomcat;
    }

    /** Milliseconds for the first request of the thumb of a new blob holding {@code jpeg}. */
    private static double firstRequest(Affix affix, RepresentationUrls urls, HttpClient client, int port, Path jpeg) throws Exception {
        URI uri = thumbUri(affix, urls, port, jpeg);
        long start = System.nanoTime();
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        double millis = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200 || response.body().length < 1000) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + " with " + response.body().length + " bytes");
        }
        return millis;
    }

    private static URI thumbUri(Affix affix, RepresentationUrls urls, int port, Path jpeg) throws IOException {
        Blob blob;
        try (InputStream in = Files.newInputStream(jpeg)) {
            blob = affix.blobs().create(in, NewBlob.named(jpeg.getFileName().toString()));
        }
        return URI.create("http://127.0.0.1:" + port + urls.proxyPath(affix.variants().representation(blob, THUMB)));
    }

    private static double vipsthumbnail(Path jpeg, Path out) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder("vipsthumbnail", "-s", "400x400", "-o", out.toString(), jpeg.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.exists(out)) {
            throw new IllegalStateException("vipsthumbnail failed on " + jpeg);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static void concurrentRequestsForOneVariant(Affix affix, RepresentationUrls urls, HttpClient client, int port, Path jpeg,
            int requests) throws Exception {
        URI uri = thumbUri(affix, urls, port, jpeg);
        long blobsBefore = affix.blobs().count(null);
        long highestIdBefore = highestBlobId(affix);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                answers.add(pool.submit(() -> client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())));
            }
            Set<String> bodies = new HashSet<>();
            int ok = 0;
            for (Future<HttpResponse<byte[]>> answer : answers) {
                HttpResponse<byte[]> response = answer.get();
                if (response.statusCode() == 200) {
                    ok++;
                    bodies.add(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(response.body())));
                }
            }
            System.out.printf(Locale.ROOT, "%d concurrent first requests for one variant: %d answered 200, %d distinct bodies, "
                    + "%d variant blobs made (%d blob ids taken)%n", requests, ok, bodies.size(), affix.blobs().count(null) - blobsBefore,
                    highestBlobId(affix) - highestIdBefore);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void concurrentRequestsForManyVariants(Affix affix, RepresentationUrls urls, HttpClient client, int port,
            List<Path> jpegs) throws Exception {
        List<URI> uris = new ArrayList<>();
        for (Path jpeg : jpegs) {
            uris.add(thumbUri(affix, urls, port, jpeg));
        }
        ExecutorService pool = Executors.newFixedThreadPool(uris.size());
        long start = System.nanoTime();
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (URI uri : uris) {
                answers.add(pool.submit(() -> client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode()));
            }
            int failed = 0;
            for (Future<Integer> answer : answers) {
                failed += answer.get() == 200 ? 0 : 1;
            }
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf(Locale.ROOT, "%d concurrent first requests for %d fresh 4000x3000 JPEGs under -Xmx%dm: %d failed, %.1f s, "
                    + "heap pools' peaks summed %d MiB%n", uris.size(), uris.size(), Runtime.getRuntime().maxMemory() >> 20, failed,
                    (System.nanoTime() - start) / 1e9, peak >> 20);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long highestBlobId(Affix affix) {
        List<Blob> page = affix.blobs().page(null, 0, Integer.MAX_VALUE);
        return page.isEmpty() ? 0 : page.get(page.size() - 1).id();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}

package dev.affix.demo;

import dev.affix.testing.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affix.Affix;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.http.BlobUrls;
import dev.affix.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Sixty seconds of sustained mixed load on the demo's whole stack (Spring Boot, the starter, the HTTP
 * endpoints, the Disk service) on PostgreSQL: sixteen clients, each with its own session, publish
 * posts through direct uploads and the form, download files through the proxy route and compare every
 * byte, replace covers and purge files through the page's buttons. Nothing may fail, no download may
 * differ from what was uploaded, purged and replaced bytes must be gone, and the heap must stay flat.
 * The figures it prints go into BENCHMARKS.md.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {"affix.secret=sustained-load-secret-0123456789", "server.address=127.0.0.1",
            "logging.level.dev.affix=warn", "logging.level.org.springframework=warn"})
class SustainedLoadTest {

    private static final Duration LOAD = Duration.ofSeconds(60);
    private static final int CLIENTS = 16;
    private static final int MAX_FILE_BYTES = 2 * 1024 * 1024;
    private static final long MAX_HEAP_GROWTH = 64L * 1024 * 1024;
    private static final String SCHEMA = "load_" + Long.toString(System.nanoTime(), 36);
    private static final TestDatabase POSTGRESQL = TestDatabase.POSTGRESQL;
    private static final Path HOME = TestEnvironment.temporaryHome("affix-demo-load");
    private static final int PORT = TestEnvironment.freePort();
    private static final String BASE = "http://127.0.0.1:" + PORT;
    private static final Pattern TOKEN = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");
    private static final Pattern POST_ID = Pattern.compile("/posts/(\\d+)$");

    @Autowired
    Affix affix;

    private BlobUrls urls;
    private final Map<Long, LiveFile> live = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Blob> gone = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong uploadedBytes = new AtomicLong();
    private final AtomicLong downloads = new AtomicLong();
    private final AtomicLong downloadedBytes = new AtomicLong();
    private final AtomicLong replaces = new AtomicLong();
    private final AtomicLong purges = new AtomicLong();
    private final AtomicLong corrupted = new AtomicLong();

    /** A file the load knows to be attached, with the digest its bytes must have. */
    private record LiveFile(long postId, long attachmentId, Blob blob, String md5) {
    }

    @DynamicPropertySource
    static void demoOnPostgresql(DynamicPropertyRegistry registry) {
        execute("CREATE SCHEMA " + SCHEMA);
        String url = POSTGRESQL.url("load");
        registry.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
        registry.add("spring.datasource.username", POSTGRESQL::user);
        registry.add("spring.datasource.password", POSTGRESQL::password);
        registry.add("server.port", () -> PORT);
        registry.add("demo.home", HOME::toString);
        registry.add("affix.http.base_url", () -> BASE);
    }

    @AfterAll
    static void dropSchema() {
        execute("DROP SCHEMA " + SCHEMA + " CASCADE");
    }

    @Test
    void sixteenClientsForSixtySecondsWithoutAnErrorOrACorruptedByte() throws Exception {
        urls = new BlobUrls(affix);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<Long> heap = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        long end = start + LOAD.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            running.add(clients.submit(() -> new Client().run(end)));
        }
        // the heap after a full collection, every five seconds once the first ten have warmed everything up
        Thread.sleep(10_000);
        while (System.nanoTime() < end) {
            System.gc();
            heap.add(memory.getHeapMemoryUsage().getUsed());
            Thread.sleep(5_000);
        }
        for (Future<?> client : running) {
            client.get();
        }
        clients.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        long operations = published.get() + downloads.get() + replaces.get() + purges.get();
        double movedPerSecond = (uploadedBytes.get() + downloadedBytes.get()) / seconds;
        double md5sumPerSecond = md5sumBytesPerSecond();

        System.out.printf("sustained load: %d clients, %.0f s: %d operations (%.1f/s): %d posts published (%.1f MiB uploaded), "
                + "%d downloads (%.1f MiB, all compared), %d cover replaces, %d purges; %d errors, %d corrupted; "
                + "heap after GC %s MiB; bytes moved %.1f MiB/s against md5sum's %.1f MiB/s in the same run (ratio %.2f)%n", CLIENTS, seconds, operations, operations / seconds, published.get(),
                uploadedBytes.get() / 1048576.0, downloads.get(), downloadedBytes.get() / 1048576.0, replaces.get(), purges.get(),
                errors.size(), corrupted.get(), heap.stream().map(bytes -> Long.toString(bytes >> 20)).toList(),
                movedPerSecond / 1048576, md5sumPerSecond / 1048576, movedPerSecond / md5sumPerSecond);

        assertThat(errors).as("errors under load").isEmpty();
        assertThat(corrupted.get()).as("downloads whose bytes differ from the upload").isZero();
        assertThat(published.get()).as("posts published").isGreaterThan(CLIENTS);
        assertThat(downloads.get()).isGreaterThan(CLIENTS);
        assertThat(replaces.get()).isPositive();
        assertThat(purges.get()).isPositive();
        assertThat(heap.get(heap.size() - 1) - heap.get(0)).as("heap growth after GC, from %s", heap).isLessThan(MAX_HEAP_GROWTH);

        for (LiveFile file : live.values()) {
            assertThat(md5(affix.blobs().download(file.blob()))).as("bytes of %s", file.blob().key()).isEqualTo(file.md5());
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (Blob blob : gone) {
                assertThat(affix.blobs().find(blob.id())).as("row of purged blob %s", blob.id()).isEmpty();
                assertThat(affix.blobs().service(blob).exists(blob.key())).as("bytes of purged blob %s", blob.key()).isFalse();
            }
        });
    }

    /** One user: a session of their own, and a loop of operations chosen at random until the time is up. */
    private final class Client {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final List<Long> ownPosts = new ArrayList<>();
        private String csrf;

        void run(long end) {
            try {
                csrf = token();
                while (System.nanoTime() < end) {
                    int dice = ThreadLocalRandom.current().nextInt(100);
                    if (dice < 30 || ownPosts.isEmpty()) {
                        publish();
                    } else if (dice < 75) {
                        download();
                    } else if (dice < 88) {
                        replaceCover();
                    } else {
                        purge();
                    }
                }
            } catch (Exception | AssertionError e) {
                errors.add(e.toString());
            }
        }

        private String token() throws IOException, InterruptedException {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(BASE + "/posts/new")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher matcher = TOKEN.matcher(page.body());
            if (page.statusCode() != 200 || !matcher.find()) {
                throw new AssertionError("the form page answered " + page.statusCode() + " without a CSRF token");
            }
            return matcher.group(1);
        }

        private void publish() throws IOException, InterruptedException {
            int count = 1 + ThreadLocalRandom.current().nextInt(3);
            Map<String, String> digests = new ConcurrentHashMap<>();
            StringBuilder form = new StringBuilder("_csrf=" + encode(csrf) + "&title=" + encode("Load " + System.nanoTime()) + "&body=x");
            for (int i = 0; i < count; i++) {
                byte[] bytes = text(1 + ThreadLocalRandom.current().nextInt(MAX_FILE_BYTES));
                String filename = "f" + System.nanoTime() + ".txt";
                String signedId = upload(filename, bytes);
                digests.put(filename, hex(digest(bytes)));
                form.append("&files=").append(encode(signedId));
            }
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(BASE + "/posts"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
            Matcher id = POST_ID.matcher(created.headers().firstValue("Location").orElse(""));
            if (created.statusCode() != 302 || !id.find()) {
                throw new AssertionError("publishing answered " + created.statusCode() + ": " + created.body());
            }
            long postId = Long.parseLong(id.group(1));
            ownPosts.add(postId);
            for (Attachment attachment : affix.many(RecordRef.of(Post.TYPE, postId), Post.FILES).attachments()) {
                live.put(attachment.blob().id(), new LiveFile(postId, attachment.id(), attachment.blob(),
                        digests.get(attachment.blob().filename())));
            }
            published.incrementAndGet();
        }

        /** The direct upload as the page's script does it: create the blob, then PUT the bytes to the Disk URL. */
        private String upload(String filename, byte[] bytes) throws IOException, InterruptedException {
            String checksum = Base64.getEncoder().encodeToString(digest(bytes));
            String json = Json.write(Map.of("blob", Map.of("filename", filename, "content_type", "text/plain", "byte_size", bytes.length,
                    "checksum", checksum)));
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(BASE + "/affix/direct_uploads"))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .header(PageToken.HEADER, csrf).header("Origin", BASE)
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 200) {
                throw new AssertionError("direct upload creation answered " + created.statusCode() + ": " + created.body());
            }
            Map<String, Object> blob = Json.readObject(created.body());
            @SuppressWarnings("unchecked")
            Map<String, Object> target = (Map<String, Object>) blob.get("direct_upload");
            @SuppressWarnings("unchecked")
            Map<String, String> headers = (Map<String, String>) target.get("headers");
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create((String) target.get("url")))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
            headers.forEach(put::header);
            HttpResponse<String> stored = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
            if (stored.statusCode() != 204) {
                throw new AssertionError("the Disk PUT answered " + stored.statusCode() + ": " + stored.body());
            }
            uploadedBytes.addAndGet(bytes.length);
            return (String) blob.get("signed_id");
        }

        private void download() throws IOException, InterruptedException {
            List<LiveFile> files = new ArrayList<>(live.values());
            if (files.isEmpty()) {
                return;
            }
            LiveFile file = files.get(ThreadLocalRandom.current().nextInt(files.size()));
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(BASE + urls.proxyPath(file.blob()))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() == 404 && !live.containsKey(file.blob().id())) {
                response.body().close();
                return; // purged by its owner while this request was on its way
            }
            if (response.statusCode() != 200) {
                response.body().close();
                throw new AssertionError("download of a live file answered " + response.statusCode());
            }
            String actual = md5(response.body());
            if (!actual.equals(file.md5())) {
                corrupted.incrementAndGet();
            }
            downloads.incrementAndGet();
            downloadedBytes.addAndGet(file.blob().byteSize());
        }

        /** The demo has no page that replaces a cover, so this replaces it through the application's Affix, as its code would. */
        private void replaceCover() {
            long postId = ownPosts.get(ThreadLocalRandom.current().nextInt(ownPosts.size()));
            RecordRef post = RecordRef.of(Post.TYPE, postId);
            Optional<Blob> previous = affix.one(post, Post.COVER).blob();
            // no longer expected once the replacement starts: another client's download may then find it gone
            previous.ifPresent(old -> live.remove(old.id()));
            byte[] bytes = png(8 + ThreadLocalRandom.current().nextInt(256));
            Attachment cover = affix.one(post, Post.COVER).attach(bytes, "cover.png");
            live.put(cover.blob().id(), new LiveFile(postId, cover.id(), cover.blob(), hex(digest(bytes))));
            previous.ifPresent(gone::add);
            replaces.incrementAndGet();
        }

        private void purge() throws IOException, InterruptedException {
            Optional<LiveFile> own = live.values().stream().filter(f -> ownPosts.contains(f.postId())).findAny();
            if (own.isEmpty()) {
                return;
            }
            LiveFile file = own.get();
            live.remove(file.blob().id());
            HttpResponse<String> purged = http.send(HttpRequest.newBuilder(
                    URI.create(BASE + "/posts/" + file.postId() + "/attachments/" + file.attachmentId() + "/purge"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + encode(csrf))).build(), HttpResponse.BodyHandlers.ofString());
            if (purged.statusCode() != 302) {
                throw new AssertionError("purging answered " + purged.statusCode() + ": " + purged.body());
            }
            gone.add(file.blob());
            purges.incrementAndGet();
        }
    }

    /**
     * The baseline for BENCHMARKS.md: how fast md5sum digests a 256 MiB file on this machine, now.
     * Every byte the load moves is digested at least once (on upload by the service, on download by
     * the client), so the ratio says how close the whole stack comes to that floor.
     */
    private static double md5sumBytesPerSecond() throws IOException, InterruptedException {
        Path file = HOME.resolve("baseline.bin");
        byte[] chunk = text(1024 * 1024);
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < 256; i++) {
                out.write(chunk);
            }
        }
        long begin = System.nanoTime();
        Process md5sum = new ProcessBuilder("md5sum", file.toString()).redirectErrorStream(true).start();
        md5sum.getInputStream().readAllBytes();
        assertThat(md5sum.waitFor()).isZero();
        double seconds = (System.nanoTime() - begin) / 1e9;
        Files.delete(file);
        return 256.0 * 1024 * 1024 / seconds;
    }

    /** Random printable text, so that the files are identified as the text/plain they are declared as. */
    private static byte[] text(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i % 80 == 79 ? '\n' : 'a' + random.nextInt(26));
        }
        return bytes;
    }

    /** A square PNG of random pixels, up to about 200 KiB: a cover, as {@code Post.cover} takes only images. */
    private static byte[] png(int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String md5(InputStream in) throws IOException {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return hex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(POSTGRESQL.url("load"), POSTGRESQL.user(), POSTGRESQL.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw POSTGRESQL.unreachable(e);
        }
    }
}

package dev.affix.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.blob.Blob;
import dev.affix.blob.NewBlob;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.doctor.DoctorReport;
import dev.affix.doctor.UndoReport;
import dev.affix.job.InlineJobRunner;
import dev.affix.storage.ObjectSummary;
import dev.affix.storage.StorageService;
import dev.affix.storage.UploadOptions;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * {@code affix doctor} (report only) over N attachments on PostgreSQL, with a Disk service holding
 * their N objects as files in its default (sharded) layout: the has-one check, the orphan check
 * against an N-row record table, the listing of every file with its size and the look-up of every
 * listed key in the blobs table, the missing-bytes count. Ten problems of each kind are planted and
 * the report must find exactly them. Baselines in the same run, interleaved round by round: {@code find
 * ROOT -type f | wc -l} (names only) and {@code find ROOT -type f -printf '%s\n' | wc -l} (with sizes,
 * as the listing needs them) for the storage side, {@code COPY (SELECT key FROM blobs) TO STDOUT} for
 * the database side; and the Disk service's own listing alone, the part of the doctor's time that is the
 * service's. Then one {@code --fix} run and its undo. Setting up (COPY of the rows, N files
 * written through the Disk service) is reported but not part of any figure.
 *
 * <pre>java -Xmx256m -cp affix-bench/target/affix-bench.jar dev.affix.bench.DoctorBenchmark [N=1000000] [ROUNDS=3] [JDBC_URL]</pre>
 */
public final class DoctorBenchmark {

    private static final int PLANTED = 10;
    private static final String CREATED_AT = "2020-01-01 00:00:00";

    private DoctorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String url = args.length > 2 ? args[2] : "jdbc:postgresql://127.0.0.1:5432/test";
        Path work = Files.createTempDirectory("affix-doctor-bench");
        Path root = work.resolve("storage");
        String prefix = "benchdoc" + Long.toString(System.nanoTime(), 36) + "_";
        long seed = System.nanoTime();
        try (HikariDataSource pool = pool(url)) {
            AffixConfig config = AffixConfig.builder()
                    .secret("doctor-benchmark-secret-0123456789")
                    .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix))
                    .service("local", "Disk", Map.of("root", root.toString(), "sync", "false"))
                    .attachment("User.avatar", Map.of("kind", "one", "record_table", prefix + "users"))
                    .build();
            try (Affix affix = Affix.builder(config).dataSource(pool).jobRunner(new InlineJobRunner()).build()) {
                System.out.printf(Locale.ROOT, "doctor over %,d attachments on PostgreSQL, Disk at %s; Java %s, %d cores, -Xmx%dm%n", count,
                        root, Runtime.version(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
                long start = System.nanoTime();
                rows(pool, prefix, count, seed);
                System.out.printf(Locale.ROOT, "setup: %,d users, blobs and attachments by COPY in %.1f s%n", count, seconds(start));
                start = System.nanoTime();
                objects(affix.services().get("local"), count, seed);
                System.out.printf(Locale.ROOT, "setup: %,d files written through the Disk service in %.1f s%n", count, seconds(start));
                plant(affix, pool, prefix, seed);

                List<Double> doctor = new ArrayList<>();
                List<Double> names = new ArrayList<>();
                List<Double> sizes = new ArrayList<>();
                List<Double> copy = new ArrayList<>();
                List<Double> listing = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    start = System.nanoTime();
                    long listed = find(root, false);
                    names.add(seconds(start));
                    start = System.nanoTime();
                    find(root, true);
                    sizes.add(seconds(start));
                    start = System.nanoTime();
                    long keys = copyKeys(pool, prefix);
                    copy.add(seconds(start));
                    start = System.nanoTime();
                    try (Stream<ObjectSummary> objects = affix.services().get("local").list("")) {
                        objects.count();
                    }
                    listing.add(seconds(start));
                    start = System.nanoTime();
                    DoctorReport report = affix.doctor().examine("local", 10);
                    doctor.add(seconds(start));
                    requirePlanted(report);
                    System.out.printf(Locale.ROOT, "round %d: doctor %.1f s (%,d objects listed, %,d blobs checked); find names %.1f s "
                            + "(%,d files); find with sizes %.1f s; COPY keys %.1f s (%,d); the Disk service's listing alone %.1f s%n",
                            round, doctor.get(round - 1), report.objectsListed(), report.blobsChecked(), names.get(round - 1), listed,
                            sizes.get(round - 1), copy.get(round - 1), keys, listing.get(round - 1));
                }
                double ours = median(doctor);
                double baseline = median(names) + median(copy);
                double sized = median(sizes) + median(copy);
                System.out.printf(Locale.ROOT, "doctor (report) over %,d attachments: %.1f s (median of %d; goal <= 30 s); baseline find "
                        + "names + COPY keys %.1f s, ratio %.2f; find with sizes + COPY keys %.1f s, ratio %.2f; of which the Disk "
                        + "service's listing alone %.1f s%n", count, ours, rounds, baseline, ours / baseline, sized, ours / sized,
                        median(listing));

                Path log = work.resolve("fix.jsonl");
                start = System.nanoTime();
                DoctorReport fixed = affix.doctor().repair("local", 10, log);
                double fixSeconds = seconds(start);
                start = System.nanoTime();
                UndoReport undone = affix.doctor().undo(log, 10);
                double undoSeconds = seconds(start);
                System.out.printf(Locale.ROOT, "doctor --fix: %.1f s, %d problems left (the %d missing bytes); --undo: %.1f s, %d "
                        + "attachments and %d objects restored, %d failed%n", fixSeconds, fixed.problemsLeft(), PLANTED, undoSeconds,
                        undone.restoredAttachments(), undone.restoredObjects(), undone.failed());
            } finally {
                drop(pool, prefix);
            }
        } finally {
            run("rm", "-rf", work.toString());
        }
    }

    /** N users, N blobs (made long ago, so that the missing-bytes check covers them) and one avatar attachment each, by COPY. */
    private static void rows(HikariDataSource pool, String prefix, int count, long seed) throws Exception {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + prefix + "users (id BIGINT PRIMARY KEY)");
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy(copy, "COPY " + prefix + "users (id) FROM STDIN", count, (i, out) -> out.append(Long.toString(i + 1)));
            copy(copy, "COPY " + prefix + "blobs (id, key, filename, content_type, metadata, service_name, byte_size, checksum, created_at) "
                    + "FROM STDIN", count, (i, out) -> {
                        byte[] content = content(i);
                        out.append(Long.toString(i + 1)).append('\t').append(key(seed, i)).append("\tavatar.txt\ttext/plain\t{}\tlocal\t")
                                .append(Integer.toString(content.length)).append('\t')
                                .append(Base64.getEncoder().encodeToString(ChecksumAlgorithm.MD5.newDigest().digest(content))).append('\t')
                                .append(CREATED_AT);
                    });
            copy(copy, "COPY " + prefix + "attachments (name, record_type, record_id, blob_id, created_at) FROM STDIN", count,
                    (i, out) -> out.append("avatar\tUser\t").append(Long.toString(i + 1)).append('\t').append(Long.toString(i + 1))
                            .append('\t').append(CREATED_AT));
            // the blobs' ids were given: new blobs continue after them
            statement.execute("ALTER TABLE " + prefix + "blobs ALTER COLUMN id RESTART WITH " + (count + 1));
            statement.execute("ANALYZE " + prefix + "users");
            statement.execute("ANALYZE " + prefix + "blobs");
            statement.execute("ANALYZE " + prefix + "attachments");
        }
    }

    private interface Line {
        void write(long index, Writer out) throws IOException;
    }

    private static void copy(CopyManager copy, String sql, int count, Line line) throws Exception {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(copyIn(copy, sql), StandardCharsets.UTF_8), 1 << 20)) {
            for (long i = 0; i < count; i++) {
                line.write(i, out);
                out.append('\n');
            }
        }
    }

    private static OutputStream copyIn(CopyManager copy, String sql) throws Exception {
        return new PGCopyOutputStream(copy.copyIn(sql), 1 << 20);
    }

    /** The N objects, through the service as an application writes them, on four threads. */
    private static void objects(StorageService service, int count, long seed) throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (long i = first; i < count; i += threads) {
                        service.upload(key(seed, i), new ByteArrayInputStream(content(i)), UploadOptions.defaults());
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Ten of each problem: has-one slots with a second attachment (users 1–10), attachments whose user
     * is deleted (11–20), blobs whose file is deleted (21–30), and files no blob names.
     */
    private static void plant(Affix affix, HikariDataSource pool, String prefix, long seed) throws Exception {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (int i = 0; i < PLANTED; i++) {
                Blob extra = affix.blobs().create(new ByteArrayInputStream(content(i)), NewBlob.named("second.txt"));
                statement.execute("INSERT INTO " + prefix + "attachments (name, record_type, record_id, blob_id, created_at) VALUES "
                        + "('avatar', 'User', '" + (i + 1) + "', " + extra.id() + ", '" + CREATED_AT + "')");
                statement.execute("DELETE FROM " + prefix + "users WHERE id = " + (PLANTED + i + 1));
                affix.services().get("local").delete(key(seed, 2 * PLANTED + i));
                affix.services().get("local").upload("legacy/stray-" + i + ".txt", new ByteArrayInputStream(content(i)),
                        UploadOptions.defaults());
            }
        }
    }

    private static void requirePlanted(DoctorReport report) {
        List<Long> found = List.of(report.hasOneDuplicates().found(), report.orphanAttachments().found(), report.missingBytes().found(),
                report.unknownObjects().found());
        if (!found.equals(Collections.nCopies(4, (long) PLANTED))) {
            throw new IllegalStateException("the doctor found " + found + " rather than " + PLANTED + " of each kind: " + report.asJson());
        }
    }

    /** Lines of {@code find ROOT -type f}, with each file's size printed when {@code withSizes} (a stat per file). */
    private static long find(Path root, boolean withSizes) throws Exception {
        Process find = new ProcessBuilder(withSizes ? List.of("find", root.toString(), "-type", "f", "-printf", "%s\\n")
                : List.of("find", root.toString(), "-type", "f")).redirectErrorStream(true).start();
        long lines = 0;
        try (InputStream in = find.getInputStream()) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    lines += buffer[i] == '\n' ? 1 : 0;
                }
            }
        }
        if (!find.waitFor(10, TimeUnit.MINUTES) || find.exitValue() != 0) {
            throw new IllegalStateException("find failed");
        }
        return lines;
    }

    private static long copyKeys(HikariDataSource pool, String prefix) throws Exception {
        AtomicLong bytes = new AtomicLong();
        try (Connection connection = pool.getConnection()) {
            return connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT key FROM " + prefix + "blobs) TO STDOUT",
                    new OutputStream() {
                        @Override
                        public void write(int b) {
                            bytes.incrementAndGet();
                        }

                        @Override
                        public void write(byte[] b, int off, int len) {
                            bytes.addAndGet(len);
                        }
                    });
        }
    }

    /** A random-looking key, the same for the same seed and index, as Active Storage makes them (28 base-36 characters). */
    private static String key(long seed, long index) {
        SplittableRandom random = new SplittableRandom(seed ^ (index * 0x9E3779B97F4A7C15L));
        char[] key = new char[28];
        for (int i = 0; i < key.length; i++) {
            key[i] = Character.forDigit(random.nextInt(36), 36);
        }
        return new String(key);
    }

    private static byte[] content(long index) {
        return ("doctor benchmark object " + index + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void drop(HikariDataSource pool, String prefix) throws Exception {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : List.of("attachments", "variant_records", "attachment_slots", "pending_deletions", "blobs", "users",
                    "schema_history")) {
                statement.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        }
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    private static void run(String... command) throws Exception {
        new ProcessBuilder(command).inheritIO().start().waitFor(30, TimeUnit.MINUTES);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}

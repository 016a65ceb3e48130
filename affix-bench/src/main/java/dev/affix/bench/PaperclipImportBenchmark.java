package dev.affix.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.db.Dialect;
import dev.affix.db.Schema;
import dev.affix.importer.ImportListener;
import dev.affix.importer.PaperclipImport;
import dev.affix.job.InlineJobRunner;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.StorageService;
import dev.affix.storage.StorageServices;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * {@code affix import paperclip} of a Paperclip table of ROWS rows on PostgreSQL, its objects adopted
 * in place on a flat Disk service whose files exist (empty files in Paperclip's default layout, made
 * once in TREE and kept for the next run), against a plain {@code COPY} of the same number of rows into
 * the blobs and attachments tables (explicit ids, the same indexes) in the same run. Then the same
 * import with 5% of the rows missing their size, a second run over the imported table (which imports
 * nothing), the baseline again (a shared machine's load changes meanwhile: the ratios are to the mean of
 * the two), and, apart, the existence checks alone ({@code head} of every key, as many at once as the
 * import asks). Every import checks that each object exists, so the sizes it lacks cost no extra request.
 *
 * <pre>java -cp affix-bench/target/affix-bench.jar dev.affix.bench.PaperclipImportBenchmark [ROWS=1000000] [TREE=/tmp/affix-paperclip-tree] [BATCH=1000] [CONCURRENCY=16]</pre>
 */
public final class PaperclipImportBenchmark {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String EMPTY_MD5_HEX = "d41d8cd98f00b204e9800998ecf8427e";
    private static final String EMPTY_MD5_BASE64 = "1B2M2Y8AsgTpgAmY7PhCfg==";

    private PaperclipImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path tree = Path.of(args.length > 1 ? args[1] : "/tmp/affix-paperclip-tree");
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        String run = "pcb" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "_";
        String table = run + "users";
        System.out.printf(Locale.ROOT, "%d rows, batches of %d, %d requests at once; Java %s, %d cores, load %s%n", rows, batch,
                concurrency, Runtime.version(), Runtime.getRuntime().availableProcessors(), loadAverage());
        makeTree(tree, rows);
        try (HikariDataSource pool = pool()) {
            System.out.println("PostgreSQL " + serverVersion(pool) + "; " + settings(pool, "shared_buffers", "synchronous_commit", "autovacuum"));
            try {
                createPaperclipTable(pool, table, rows);

                double copyBefore = copyBaseline(pool, run + "copy1_", rows);
                System.out.printf(Locale.ROOT, "baseline: COPY of %d blob rows and %d attachment rows: %.1f s%n", rows, rows, copyBefore);

                double importSeconds = importOnce(pool, run + "a_", table, tree, batch, concurrency, "sizes present", rows);
                importOnce(pool, run + "a_", table, tree, batch, concurrency, "second run, all present", 0);

                execute(pool, "UPDATE " + table + " SET avatar_file_size = NULL WHERE id % 20 = 0");
                execute(pool, "VACUUM ANALYZE " + table);
                double missingSeconds = importOnce(pool, run + "b_", table, tree, batch, concurrency, "5% of sizes missing", rows);

                // the load of a shared machine changes while the imports run: the baseline again, after them
                double copyAfter = copyBaseline(pool, run + "copy2_", rows);
                double copySeconds = (copyBefore + copyAfter) / 2;
                System.out.printf(Locale.ROOT, "baseline again: %.1f s; ratios to their mean %.1f s: sizes present %.1f, 5%% missing %.1f%n",
                        copyAfter, copySeconds, importSeconds / copySeconds, missingSeconds / copySeconds);

                headEveryKey(tree, rows, concurrency);
            } finally {
                dropTables(pool, run);
            }
        }
        System.out.println("load at the end " + loadAverage());
    }

    /** One import into fresh Affix tables; seconds, as the import measured itself. */
    private static double importOnce(HikariDataSource pool, String prefix, String table, Path tree, int batch, int concurrency, String label,
            long expected) {
        AffixConfig config = AffixConfig.builder().secret("paperclip-benchmark-secret")
                .database(DatabaseSettings.of(URL, "postgres", "").withTablePrefix(prefix))
                .service("legacy", "Disk", Map.of("root", tree.toString(), "layout", "flat", "sync", false))
                .defaultService("legacy")
                .attachment("User.avatar", Map.of("kind", "one", "service", "legacy"))
                .build();
        try (Affix affix = Affix.builder(config).dataSource(pool).jobRunner(new InlineJobRunner()).build()) {
            PaperclipImport.Result result = affix.paperclipImport().run(PaperclipImport.Settings.of(table, "User")
                    .withBatchSize(batch).withConcurrency(concurrency), ImportListener.NONE);
            double seconds = result.elapsed().toMillis() / 1000.0;
            System.out.printf(Locale.ROOT, "import (%s): %.1f s, %.0f rows/s; %s%n", label, seconds,
                    (result.imported() + result.alreadyPresent()) / seconds, result);
            if (result.imported() != expected) {
                throw new IllegalStateException("expected " + expected + " rows imported, not " + result.imported());
            }
            return seconds;
        }
    }

    /** COPY of ROWS blob rows with explicit ids, then ROWS attachment rows, into fresh Affix tables. */
    private static double copyBaseline(HikariDataSource pool, String prefix, int rows) throws Exception {
        Schema.migrate(pool, Dialect.POSTGRESQL, prefix, DatabaseSettings.DEFAULT_RECORD_ID_TYPE, prefix + "schema_history");
        long start = System.nanoTime();
        try (Connection connection = pool.getConnection()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY " + prefix + "blobs (id, key, filename, content_type, metadata, service_name, byte_size, checksum, created_at)"
                    + " FROM STDIN WITH (FORMAT csv)", lines(rows, id -> id + "," + key(id) + ",f" + id + ".txt,text/plain,"
                    + "\"{\"\"identified\"\":false}\",legacy,0," + EMPTY_MD5_BASE64 + ",2019-05-17 10:30:15\n"));
            copy.copyIn("COPY " + prefix + "attachments (id, name, record_type, record_id, blob_id, created_at) FROM STDIN WITH (FORMAT csv)",
                    lines(rows, id -> id + ",avatar,User," + id + "," + id + ",2019-05-17 10:30:15\n"));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The CSV lines for ids 1..rows, made as COPY reads them. */
    private static Reader lines(int rows, IntFunction<String> line) {
        return new Reader() {
            private int next = 1;
            private StringReader current = new StringReader("");

            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                int n = current.read(buffer, offset, length);
                while (n < 0 && next <= rows) {
                    StringBuilder chunk = new StringBuilder();
                    for (int i = 0; i < 10_000 && next <= rows; i++) {
                        chunk.append(line.apply(next++));
                    }
                    current = new StringReader(chunk.toString());
                    n = current.read(buffer, offset, length);
                }
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    private static void headEveryKey(Path tree, int rows, int concurrency) throws Exception {
        AffixConfig config = AffixConfig.builder().secret("paperclip-benchmark-secret")
                .service("legacy", "Disk", Map.of("root", tree.toString(), "layout", "flat", "sync", false)).defaultService("legacy")
                .build();
        try (StorageServices services = StorageServices.create(config, new MessageSigner(config.secret(), Clock.systemUTC()))) {
            StorageService disk = services.get("legacy");
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            long start = System.nanoTime();
            List<Future<?>> parts = new ArrayList<>();
            for (int part = 0; part < concurrency; part++) {
                int first = part;
                parts.add(pool.submit(() -> {
                    for (int id = first + 1; id <= rows; id += concurrency) {
                        if (disk.head(key(id)).isEmpty()) {
                            throw new IllegalStateException("no file for " + key(id));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
            pool.shutdown();
            System.out.printf(Locale.ROOT, "head of every key alone (%d threads): %.1f s%n", concurrency, (System.nanoTime() - start) / 1e9);
        }
    }

    /** Paperclip's default path for user {@code id}'s avatar file {@code f<id>.txt}. */
    private static String key(int id) {
        String digits = String.format(Locale.ROOT, "%09d", id);
        return "users/avatars/" + digits.substring(0, 3) + "/" + digits.substring(3, 6) + "/" + digits.substring(6) + "/original/f" + id
                + ".txt";
    }

    /** Empty files at the keys of ids 1..rows, made once: a marker records how many are there. */
    private static void makeTree(Path tree, int rows) throws IOException {
        Path marker = tree.resolve(".made");
        int made = Files.exists(marker) ? Integer.parseInt(Files.readString(marker).trim()) : 0;
        if (made >= rows) {
            return;
        }
        long start = System.nanoTime();
        for (int id = made + 1; id <= rows; id++) {
            Path file = tree.resolve(key(id));
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            if (id % 100_000 == 0) {
                Files.writeString(marker, Integer.toString(id), StandardCharsets.UTF_8);
            }
        }
        Files.writeString(marker, Integer.toString(rows), StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "made %d empty files in %s in %.0f s (once; kept for the next run)%n", rows - made, tree,
                (System.nanoTime() - start) / 1e9);
    }

    private static void createPaperclipTable(HikariDataSource pool, String table, int rows) throws SQLException {
        execute(pool, "CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name VARCHAR(255), avatar_file_name VARCHAR(255), "
                + "avatar_content_type VARCHAR(255), avatar_file_size BIGINT, avatar_updated_at TIMESTAMP, avatar_fingerprint VARCHAR(255))");
        execute(pool, "INSERT INTO " + table + " SELECT id, 'user ' || id, 'f' || id || '.txt', 'text/plain', 0, "
                + "TIMESTAMP '2019-05-17 10:30:15', '" + EMPTY_MD5_HEX + "' FROM generate_series(1, " + rows + ") AS id");
        execute(pool, "VACUUM ANALYZE " + table);
    }

    private static void dropTables(HikariDataSource pool, String prefix) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = pool.getConnection();
             ResultSet found = connection.getMetaData().getTables(null, "public", prefix.replace("_", "\\_") + "%", new String[] {"TABLE"})) {
            while (found.next()) {
                tables.add(found.getString("TABLE_NAME"));
            }
        }
        if (!tables.isEmpty()) {
            execute(pool, "DROP TABLE " + String.join(", ", tables) + " CASCADE");
        }
    }

    private static void execute(HikariDataSource pool, String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String settings(HikariDataSource pool, String... names) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String name : names) {
                try (ResultSet value = statement.executeQuery("SHOW " + name)) {
                    value.next();
                    values.add(name + " " + value.getString(1));
                }
            }
        }
        return String.join(", ", values);
    }

    private static String serverVersion(HikariDataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            return connection.getMetaData().getDatabaseProductVersion();
        }
    }

    private static HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(URL);
        config.setUsername("postgres");
        config.setMaximumPoolSize(8);
        return new HikariDataSource(config);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

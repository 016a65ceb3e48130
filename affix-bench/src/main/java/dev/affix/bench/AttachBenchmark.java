package dev.affix.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.RecordRef;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.InlineJobRunner;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Attach throughput and attachment loading, end to end on a real database and the Disk service.
 *
 * <p>Throughput: N files of S bytes attached one per record (has-one), against a hand-rolled
 * baseline measured in the same run: write the file (fsync'd when Affix's Disk fsyncs) and INSERT a
 * row with auto-commit, which is what an application does without Affix, minus every check.
 * Loading: the attachments of 1,000 records, with the statements it took counted at the JDBC driver.
 *
 * <pre>java -cp affix-bench/target/affix-bench.jar dev.affix.bench.AttachBenchmark h2|postgresql|mariadb [N] [S] [sync]</pre>
 */
public final class AttachBenchmark {

    private AttachBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "h2";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        boolean sync = args.length <= 3 || Boolean.parseBoolean(args[3]);
        Path work = Files.createTempDirectory("affix-bench");
        String prefix = "bench" + Long.toString(System.nanoTime(), 36) + "_";
        byte[] content = new byte[size];
        new Random(1).nextBytes(content);

        try (HikariDataSource pool = pool(database, work)) {
            AtomicInteger statements = new AtomicInteger();
            DataSource counted = counting(pool, statements);
            AffixConfig config = AffixConfig.builder()
                    .secret("benchmark-secret-0123456789")
                    .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix))
                    .service("local", "Disk", Map.of("root", work.resolve("storage").toString(), "sync", Boolean.toString(sync)))
                    .build();
            try (Affix affix = Affix.builder(config).dataSource(counted).jobRunner(new InlineJobRunner())
                    .declare(AttachmentDeclaration.one("User", "avatar")).build()) {
                attach(affix, 0, Math.min(1000, count), content);
                baseline(pool, work.resolve("warmup"), prefix, Math.min(1000, count), content, sync);

                long start = System.nanoTime();
                attach(affix, 1_000_000, count, content);
                double affixSeconds = seconds(start);
                start = System.nanoTime();
                baseline(pool, work.resolve("baseline"), prefix, count, content, sync);
                double baselineSeconds = seconds(start);

                System.out.printf(Locale.ROOT, "attach %d x %d B on %s (Disk sync=%s): %.0f attachments/s; hand-rolled baseline %.0f rows+files/s; "
                        + "ratio %.2f%n", count, size, database, sync, count / affixSeconds, count / baselineSeconds, baselineSeconds / affixSeconds);

                List<Long> ids = new ArrayList<>();
                for (long id = 1_000_000; id < 1_001_000; id++) {
                    ids.add(id);
                }
                affix.attachmentsOf("User", ids);
                statements.set(0);
                start = System.nanoTime();
                Map<RecordRef, List<Attachment>> loaded = affix.attachmentsOf("User", ids);
                double loadMillis = seconds(start) * 1000;
                long found = loaded.values().stream().mapToLong(List::size).sum();
                System.out.printf(Locale.ROOT, "load attachments of %d records on %s: %d statements, %.1f ms (%d attachments with blobs)%n",
                        ids.size(), database, statements.get(), loadMillis, found);
            }
            dropTables(pool, prefix);
        }
    }

    private static void attach(Affix affix, long firstId, int count, byte[] content) {
        for (int i = 0; i < count; i++) {
            affix.one(RecordRef.of("User", firstId + i), "avatar").attach(content, "file-" + i + ".bin");
        }
    }

    /** What an application writes by hand: a file, then a row. */
    private static void baseline(DataSource dataSource, Path folder, String prefix, int count, byte[] content, boolean sync)
            throws Exception {
        Files.createDirectories(folder);
        try (Connection connection = dataSource.getConnection()) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE IF NOT EXISTS " + prefix + "baseline (id BIGINT PRIMARY KEY, path VARCHAR(255), size BIGINT)");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + prefix + "baseline VALUES (?, ?, ?)")) {
                long base = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    Path file = folder.resolve("f" + i);
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        channel.write(java.nio.ByteBuffer.wrap(content));
                        if (sync) {
                            channel.force(true);
                        }
                    }
                    insert.setLong(1, base + i);
                    insert.setString(2, file.toString());
                    insert.setLong(3, content.length);
                    insert.executeUpdate();
                }
            }
        }
    }

    private static HikariDataSource pool(String database, Path work) {
        HikariConfig config = new HikariConfig();
        switch (database) {
            case "h2" -> config.setJdbcUrl("jdbc:h2:file:" + work.resolve("h2") + ";DB_CLOSE_DELAY=-1");
            case "postgresql" -> {
                config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
                config.setUsername("postgres");
            }
            case "mariadb" -> {
                config.setJdbcUrl("jdbc:mariadb://127.0.0.1:3306/test?sslMode=disable");
                config.setUsername("root");
            }
            default -> throw new IllegalArgumentException("database must be h2, postgresql or mariadb, not " + database);
        }
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    /** The statements prepared through the data source, counted as the driver sees them. */
    private static DataSource counting(HikariDataSource pool, AtomicInteger statements) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, pool, args);
                    if (result instanceof Connection connection) {
                        return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                                (p, m, a) -> {
                                    if (m.getName().startsWith("prepare")) {
                                        statements.incrementAndGet();
                                    }
                                    return invoke(m, connection, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void dropTables(HikariDataSource pool, String prefix) throws Exception {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : List.of("attachments", "variant_records", "attachment_slots", "blobs", "baseline", "schema_history")) {
                statement.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}

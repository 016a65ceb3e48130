package dev.affix.faults;

import dev.affix.Affix;
import dev.affix.attachment.Attachable;
import dev.affix.attachment.RecordRef;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The JVM that {@link KillMidAttachTest} kills: it attaches {@code count} files of mixed sizes from
 * {@code threads} threads to {@link #RECORDS} records (so that many attaches replace an earlier one),
 * on a Disk service that forces each file to the device, and prints {@code committed I} once attach
 * {@code I} has returned. Arguments: table prefix, Disk root, count, threads.
 */
public final class AttachingChild {

    /** Fewer records than attaches: the rest replace what a record had. */
    static final int RECORDS = 700;

    private AttachingChild() {
    }

    public static void main(String[] args) throws Exception {
        String prefix = args[0];
        Path root = Path.of(args[1]);
        int count = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        Affix affix = Affix.start(config(prefix, root, threads + 4));
        System.out.println("ready");
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < count; i++) {
            int index = i;
            workers.submit(() -> {
                try {
                    Content content = new Content(index, sizeOf(index));
                    affix.one(recordOf(index), "file").attach(Attachable.stream(content, filenameOf(index), null));
                    report("committed " + index);
                } catch (RuntimeException e) {
                    System.err.println("attach " + index + " failed: " + e);
                }
            });
        }
        workers.shutdown();
        workers.awaitTermination(10, TimeUnit.MINUTES);
        report("done");
        affix.close();
    }

    static dev.affix.config.AffixConfig config(String prefix, Path root, int poolSize) {
        return PostgreSql.config(prefix)
                .database(PostgreSql.settings(prefix, poolSize))
                .service("local", "Disk", Map.of("root", root.toString(), "sync", true))
                .build();
    }

    static RecordRef recordOf(int index) {
        return RecordRef.of("Doc", (index * 7919L) % RECORDS);
    }

    static String filenameOf(int index) {
        return "attach-" + index + ".bin";
    }

    static int indexOf(String filename) {
        return Integer.parseInt(filename.substring("attach-".length(), filename.length() - ".bin".length()));
    }

    /** Mostly small files, some of a megabyte or two, and a few of 8 to 20 MB. */
    static long sizeOf(int index) {
        SplittableRandom random = new SplittableRandom(31L * index + 7);
        if (index % 97 == 0) {
            return 8_000_000 + random.nextInt(12_000_001);
        }
        if (index % 9 == 0) {
            return 200_000 + random.nextInt(1_800_000);
        }
        return 1 + random.nextInt(64 * 1024);
    }

    private static void report(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}

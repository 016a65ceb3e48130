package dev.affix.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.Affix;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.job.InlineJobRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of a JVM in the middle of 1,000 concurrent attaches (8 threads, files up to 20 MB,
 * many of them replacing an earlier file, on a Disk service that forces files to the device): once
 * Affix has started again on the same database and Disk root and a cleanup has run, every attachment
 * the killed JVM committed has its bytes, intact, and no byte on disk lacks its blob.
 */
class KillMidAttachTest extends FaultTestOnPostgreSql {

    private static final int ATTACHES = 1000;
    private static final int THREADS = 8;
    private static final int KILL_AFTER_COMMITS = 350;
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(2);
    private static final String END_OF_OUTPUT = "\u0000end";

    @Test
    void aJvmKilledMidAttachLosesNothingItCommittedAndLeavesNoBytesWithoutABlob() throws Exception {
        Path root = dir.resolve("storage");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), AttachingChild.class.getName(),
                prefix, root.toString(), Integer.toString(ATTACHES), Integer.toString(THREADS))
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        BlockingQueue<String> lines = linesOf(child);

        List<Integer> committed = new ArrayList<>();
        long deadline = System.nanoTime() + CHILD_TIMEOUT.toNanos();
        String line;
        while (committed.size() < KILL_AFTER_COMMITS
                && (line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null
                && !line.equals(END_OF_OUTPUT)) {
            assertThat(line).as("the child finished before it was killed").isNotEqualTo("done");
            if (line.startsWith("committed ")) {
                committed.add(Integer.parseInt(line.substring("committed ".length())));
            }
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(committed).as("commits before the kill; the child's errors: %s", Files.readString(dir.resolve("child.err")))
                .hasSizeGreaterThanOrEqualTo(KILL_AFTER_COMMITS);
        // lines written before the kill are commits too
        for (line = lines.take(); !line.equals(END_OF_OUTPUT); line = lines.take()) {
            assertThat(line).isNotEqualTo("done");
            if (line.startsWith("committed ")) {
                committed.add(Integer.parseInt(line.substring("committed ".length())));
            }
        }
        assertThat(Files.readString(dir.resolve("child.err"))).as("attaches that failed in the child")
                .doesNotContainPattern("attach \\d+ failed");

        System.out.printf("killed after %d commits, leaving %d temporary files, %d recorded deletions, %d objects and %d blob rows%n",
                committed.size(), AfterFault.temporaryFiles(root).size(),
                PostgreSql.count(pool, "SELECT COUNT(*) FROM " + prefix + "pending_deletions"), AfterFault.diskKeys(root).size(),
                PostgreSql.count(pool, "SELECT COUNT(*) FROM " + prefix + "blobs"));

        // the start works off the deletions the killed JVM had recorded; the cleanup does the rest
        try (Affix affix = Affix.builder(AttachingChild.config(prefix, root, 4)).dataSource(pool).jobRunner(new InlineJobRunner())
                .build()) {
            AfterFault.cleanup(affix);

            AfterFault.assertConsistent(affix, pool, prefix, AfterFault.diskKeys(root));
            assertThat(AfterFault.temporaryFiles(root)).as("temporary upload files").isEmpty();
            assertEveryCommittedAttachmentHoldsItsOwnBytes(affix, committed);
        }
    }

    /**
     * Every record a commit was reported for still has a file, and every file is the one some attach
     * of that record sent, byte for byte (its checksum is that of the bytes made again from the seed).
     */
    private static void assertEveryCommittedAttachmentHoldsItsOwnBytes(Affix affix, List<Integer> committed) {
        List<Long> records = IntStream.range(0, AttachingChild.RECORDS).mapToObj(Long::valueOf).toList();
        Map<RecordRef, List<Attachment>> attachments = affix.attachmentsOf("Doc", "file", records);
        Set<RecordRef> reported = new HashSet<>();
        committed.forEach(index -> reported.add(AttachingChild.recordOf(index)));
        for (RecordRef record : reported) {
            assertThat(attachments.get(record)).as("the attachment of %s", record).hasSize(1);
        }
        for (Map.Entry<RecordRef, List<Attachment>> entry : attachments.entrySet()) {
            for (Attachment attachment : entry.getValue()) {
                Blob blob = attachment.blob();
                int index = AttachingChild.indexOf(blob.filename());
                assertThat(AttachingChild.recordOf(index)).as("the record attach %d was for", index).isEqualTo(entry.getKey());
                assertThat(blob.byteSize()).isEqualTo(AttachingChild.sizeOf(index));
                assertThat(blob.checksum()).as("the bytes attach %d sent", index)
                        .isEqualTo(Content.md5(index, AttachingChild.sizeOf(index)));
            }
        }
    }

    /** The child's standard output, line by line, then {@link #END_OF_OUTPUT}; read on a thread of its own. */
    private static BlockingQueue<String> linesOf(Process child) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child was killed: its output ends here
            } finally {
                lines.add(END_OF_OUTPUT);
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}

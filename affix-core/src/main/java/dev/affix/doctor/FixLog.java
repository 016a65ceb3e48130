package dev.affix.doctor;

import dev.affix.json.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The file of JSON lines in which {@code doctor --fix} writes each repair before it commits, so that
 * {@code doctor --undo FILE} can take every one back, even after a run that stopped halfway (a line
 * whose repair never committed is skipped then). The first line names the tables and the service.
 */
final class FixLog implements AutoCloseable {

    private static final String FORMAT = "affix_doctor_log";

    private final Path file;
    private final BufferedWriter out;
    private long fixes;

    private FixLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** A new log; an existing file is never overwritten. */
    static FixLog create(Path file, String blobsTable, String serviceName, Instant startedAt) {
        BufferedWriter out;
        try {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("fix log " + file + " already exists: name a new file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the fix log " + file + ": " + e.getMessage(), e);
        }
        FixLog log = new FixLog(file, out);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put(FORMAT, 1);
        header.put("blobs_table", blobsTable);
        header.put("service", serviceName);
        header.put("started_at", startedAt.toString());
        log.line(header);
        log.flush();
        return log;
    }

    Path file() {
        return file;
    }

    /** How many repairs it holds. */
    long fixes() {
        return fixes;
    }

    void write(Fix fix) {
        line(fix.asJson());
        fixes++;
    }

    /** Pushes what was written to the file: called before the repairs it describes commit. */
    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fix log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the fix log " + file + ": " + e.getMessage(), e);
        }
    }

    private void line(Map<String, Object> json) {
        try {
            out.write(Json.write(json));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fix log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a log line by line, handing each repair to {@code each}. Refused before any repair is
     * handed on if the file is not a fix log, was written for other tables than {@code blobsTable}, or
     * has a line that is not a repair: the whole file is read through once first.
     */
    static void read(Path file, String blobsTable, Consumer<Fix> each) {
        scan(file, blobsTable, fix -> { });
        scan(file, blobsTable, each);
    }

    private static void scan(Path file, String blobsTable, Consumer<Fix> each) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            Map<String, Object> header = first == null ? Map.of() : parse(file, 1, first);
            if (!header.containsKey(FORMAT)) {
                throw new IllegalArgumentException(file + " is not a fix log of affix doctor (its first line has no '" + FORMAT + "')");
            }
            if (!blobsTable.equals(header.get("blobs_table"))) {
                throw new IllegalArgumentException("fix log " + file + " was written for the table " + header.get("blobs_table")
                        + ", and this configuration uses " + blobsTable);
            }
            long number = 1;
            String line;
            while ((line = in.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    each.accept(parseFix(file, number, line));
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("fix log " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fix log " + file + ": " + e.getMessage(), e);
        }
    }

    private static Fix parseFix(Path file, long number, String line) {
        try {
            return Fix.fromJson(parse(file, number, line));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " line " + number + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> parse(Path file, long number, String line) {
        try {
            return Json.readObject(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " line " + number + " is not JSON: " + e.getMessage(), e);
        }
    }
}

package dev.affix.cli;

import dev.affix.importer.ImportProblem;
import dev.affix.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows an import left out, for its summary: the first {@value #SHOWN} of each kind are shown in
 * it; once a kind has more, every problem (those seen so far, then each new one) goes to a file of
 * JSON lines instead of memory, so a million missing objects cost no memory and are all listed.
 */
final class ProblemLog implements AutoCloseable {

    static final int SHOWN = 100;

    private final Path file;
    private final Map<ImportProblem.Kind, List<Map<String, Object>>> shown = new EnumMap<>(ImportProblem.Kind.class);
    private final Map<ImportProblem.Kind, Long> counts = new EnumMap<>(ImportProblem.Kind.class);
    private final List<ImportProblem> unwritten = new ArrayList<>();
    private BufferedWriter writer;

    ProblemLog(Path file) {
        this.file = file;
    }

    void add(ImportProblem problem) {
        long count = counts.merge(problem.kind(), 1L, Long::sum);
        if (count <= SHOWN) {
            shown.computeIfAbsent(problem.kind(), k -> new ArrayList<>()).add(entry(problem));
        }
        if (writer == null && count <= SHOWN) {
            unwritten.add(problem);
            return;
        }
        try {
            if (writer == null) {
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                for (ImportProblem earlier : unwritten) {
                    writeLine(earlier);
                }
                unwritten.clear();
            }
            writeLine(problem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the list of rows left out to " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code {"count": N, "list": [...]}} for a kind: the first {@value #SHOWN}. */
    Map<String, Object> summary(ImportProblem.Kind kind) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", counts.getOrDefault(kind, 0L));
        summary.put("list", shown.getOrDefault(kind, List.of()));
        return summary;
    }

    /** The file that lists every problem, if the lists were too long to show. */
    Path writtenFile() {
        return writer == null ? null : file;
    }

    private void writeLine(ImportProblem problem) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("problem", problem.kind().name().toLowerCase(Locale.ROOT));
        line.putAll(entry(problem));
        writer.write(Json.write(line));
        writer.newLine();
    }

    private static Map<String, Object> entry(ImportProblem problem) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("attachment", problem.attachment());
        entry.put("id", problem.recordId());
        entry.put("key", problem.key());
        entry.put("reason", problem.reason());
        return entry;
    }

    @Override
    public void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot finish " + file + ": " + e.getMessage(), e);
            }
        }
    }
}

package dev.affix.importer;

import java.time.Duration;
import java.util.List;

/** What an import did so far, counted on the thread that runs it; problems go to the listener as they are found. */
final class ImportTally {

    private final ImportListener listener;
    private long imported;
    private long alreadyPresent;
    private long missingObjects;
    private long invalidRows;
    private long keyConflicts;
    private long failed;
    private long sizesFetched;
    private long checksumsComputed;
    private long staleColumns;
    private long hardLinks;

    ImportTally(ImportListener listener) {
        this.listener = listener;
    }

    long imported() {
        return imported;
    }

    void alreadyPresent(int count) {
        alreadyPresent += count;
    }

    void imported(List<ImportRow> rows) {
        for (ImportRow row : rows) {
            imported++;
            sizesFetched += row.sizeFetched() ? 1 : 0;
            checksumsComputed += row.checksumComputed() ? 1 : 0;
            staleColumns += row.staleColumns() ? 1 : 0;
            hardLinks += row.hardLinked() ? 1 : 0;
        }
    }

    void problems(List<ImportProblem> problems) {
        for (ImportProblem problem : problems) {
            switch (problem.kind()) {
                case INVALID_ROW -> invalidRows++;
                case MISSING_OBJECT -> missingObjects++;
                case KEY_CONFLICT -> keyConflicts++;
                case FAILED -> failed++;
            }
            listener.problem(problem);
        }
    }

    PaperclipImport.Result result(boolean dryRun, Duration elapsed) {
        return new PaperclipImport.Result(dryRun, imported, alreadyPresent, missingObjects, invalidRows, keyConflicts, failed, sizesFetched,
                checksumsComputed, staleColumns, hardLinks, elapsed);
    }
}

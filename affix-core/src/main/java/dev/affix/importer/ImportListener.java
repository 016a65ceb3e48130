package dev.affix.importer;

import java.util.function.Consumer;

/**
 * Hears how an import goes, on the thread that runs it: for a progress bar, and for the list of rows
 * left out. An exception thrown here stops the import, as a killed process would; what was committed
 * stays, and running again continues from there.
 */
public interface ImportListener {

    /** Hears nothing. */
    ImportListener NONE = new ImportListener() {
    };

    /** Hears only the rows left out. */
    static ImportListener onProblem(Consumer<ImportProblem> consumer) {
        return new ImportListener() {
            @Override
            public void problem(ImportProblem problem) {
                consumer.accept(problem);
            }
        };
    }

    /** Before the first row: how many rows have a file, over every attachment imported. */
    default void started(long rowsWithFiles) {
    }

    /** A batch of rows is done: committed, or, in a dry run, judged. */
    default void progressed(int rows) {
    }

    /** A row that was left out. */
    default void problem(ImportProblem problem) {
    }
}

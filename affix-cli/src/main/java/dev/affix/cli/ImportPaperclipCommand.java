package dev.affix.cli;

import dev.affix.importer.ImportListener;
import dev.affix.importer.ImportProblem;
import dev.affix.importer.PaperclipImport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "paperclip", description = {
    "Imports the files of a table with Paperclip's columns (NAME_file_name, _content_type, _file_size, _updated_at, _fingerprint) "
        + "as blobs and attachments under the declarations TYPE.NAME, in batches of multi-row inserts, each batch in one "
        + "transaction. By default the objects are adopted where they are: the blob's key is the Paperclip path, in the "
        + "declaration's service or --service. Rows whose record already has an attachment under the name are left as they are: "
        + "an import that was stopped continues when run again, and a finished one imports nothing more.",
    "Prints {\"imported\" (\"would_import\" with --dry-run), \"already_present\", \"missing_objects\", \"invalid_rows\", "
        + "\"key_conflicts\", \"failed\" (each {\"count\",\"list\"}: the first 100, and every one in --problems-file when there are "
        + "more), \"sizes_fetched\", \"checksums_computed\", \"stale_columns\", \"hard_links\", \"seconds\"}. Rows left out do not "
        + "stop the import; it exits 1 if any failed (a storage error: run it again), 4 if it was refused before it began."})
final class ImportPaperclipCommand implements Callable<Integer> {

    @ParentCommand
    ImportCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--table", paramLabel = "T", required = true, description = "the table with Paperclip's columns, in Affix's database")
    String table;

    @Option(names = "--record-type", paramLabel = "TYPE", required = true,
            description = "the record type of the declarations, and the Ruby class name that :class pluralizes")
    String recordType;

    @Option(names = "--attachment", paramLabel = "NAME", description = "an attachment to import (repeatable; default: every *_file_name column)")
    List<String> attachments = new ArrayList<>();

    @Option(names = "--id-column", paramLabel = "C", defaultValue = "id", description = "the table's id column (default: ${DEFAULT-VALUE})")
    String idColumn;

    @Option(names = "--path", paramLabel = "TEMPLATE", description = "Paperclip's :path below the service's root, which gives each "
            + "object's key (default: :class/:attachment/:id_partition/:style/:filename)")
    String path;

    @Option(names = "--style", paramLabel = "S", defaultValue = "original", description = "the style imported (default: ${DEFAULT-VALUE})")
    String style;

    @Option(names = "--service", paramLabel = "S", description = "the service the objects are in (default: each declaration's)")
    String service;

    @Option(names = "--copy", description = "copy each object to a new key in the declaration's service (the declaration's key "
            + "template, else random), verified; a hard link where both are the same Disk file system")
    boolean copy;

    @Option(names = "--dry-run", description = "judge every row and look up every object; write nothing and read no bytes")
    boolean dryRun;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16", description = "requests to the storage service at once "
            + "(default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000", description = "rows per transaction (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--problems-file", paramLabel = "FILE", description = "where every row left out is listed, as JSON lines, when "
            + "there are more than 100 of a kind (default: affix-import-TABLE-problems.jsonl)")
    Path problemsFile;

    @Override
    public Integer call() {
        if (concurrency < 1 || batchSize < 1 || batchSize > PaperclipImport.Settings.MAX_BATCH_SIZE) {
            throw new ParameterException(spec.commandLine(), "--concurrency must be at least 1, and --batch-size between 1 and "
                    + PaperclipImport.Settings.MAX_BATCH_SIZE);
        }
        AffixCli cli = parent.cli;
        PaperclipImport.Settings settings = PaperclipImport.Settings.of(table, recordType).withAttachments(attachments)
                .withIdColumn(idColumn).withPathTemplate(path).withStyle(style).withService(service).withCopy(copy).withDryRun(dryRun)
                .withConcurrency(concurrency).withBatchSize(batchSize);
        PrintWriter err = spec.commandLine().getErr();
        Path listFile = cli.resolve(problemsFile != null ? problemsFile : Path.of("affix-import-" + table + "-problems.jsonl"));
        PaperclipImport.Result result;
        try (ProblemLog problems = new ProblemLog(listFile)) {
            Progress progress = new Progress(err, cli.terminal(), problems);
            result = cli.affix().paperclipImport().run(settings, progress);
            progress.finish();
            Output.json(spec, summary(result, problems));
        }
        if (result.failed() > 0) {
            err.println("affix: " + result.failed() + " rows could not be imported because of a storage failure; run the import again");
            return AffixCli.FAILED;
        }
        return 0;
    }

    private static Map<String, Object> summary(PaperclipImport.Result result, ProblemLog problems) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put(result.dryRun() ? "would_import" : "imported", result.imported());
        summary.put("already_present", result.alreadyPresent());
        summary.put("missing_objects", problems.summary(ImportProblem.Kind.MISSING_OBJECT));
        summary.put("invalid_rows", problems.summary(ImportProblem.Kind.INVALID_ROW));
        summary.put("key_conflicts", problems.summary(ImportProblem.Kind.KEY_CONFLICT));
        summary.put("failed", problems.summary(ImportProblem.Kind.FAILED));
        summary.put("sizes_fetched", result.sizesFetched());
        summary.put("checksums_computed", result.checksumsComputed());
        summary.put("stale_columns", result.staleColumns());
        summary.put("hard_links", result.hardLinks());
        summary.put("seconds", Math.round(result.elapsed().toMillis() / 100.0) / 10.0);
        if (problems.writtenFile() != null) {
            summary.put("problems_file", problems.writtenFile().toString());
        }
        return summary;
    }

    /** A progress bar over the rows with files, once the import has counted them; the rows left out go to the log. */
    private static final class Progress implements ImportListener {
        private final PrintWriter err;
        private final boolean terminal;
        private final ProblemLog problems;
        private ProgressBar bar;

        Progress(PrintWriter err, boolean terminal, ProblemLog problems) {
            this.err = err;
            this.terminal = terminal;
            this.problems = problems;
        }

        @Override
        public void started(long rowsWithFiles) {
            bar = new ProgressBar(err, terminal, rowsWithFiles, "rows");
        }

        @Override
        public void progressed(int rows) {
            bar.advance(rows);
        }

        @Override
        public void problem(ImportProblem problem) {
            problems.add(problem);
        }

        void finish() {
            if (bar != null) {
                bar.finish();
            }
        }
    }
}

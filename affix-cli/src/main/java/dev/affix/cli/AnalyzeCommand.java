package dev.affix.cli;

import dev.affix.Affix;
import dev.affix.analysis.AnalysisOutcome;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "analyze", description = "Analyse existing blobs again (imported, or written by an older version): the analyzers read "
        + "a verified copy of each blob's bytes and their facts are merged into its metadata with analyzed: true. A progress bar on a "
        + "terminal; prints {\"analyzed\",\"skipped\",\"failed\",\"seconds\"}. Exits 1 if a blob could not be read or an analyzer failed.")
final class AnalyzeCommand implements Callable<Integer> {

    private static final int BATCH = 500;

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--record", paramLabel = "TYPE:ID", required = true, description = "the blobs attached to this record")
        String record;

        @Option(names = "--all", required = true, description = "every blob")
        boolean all;
    }

    @Option(names = "--only-missing", description = "skip blobs already analysed")
    boolean onlyMissing;

    @Option(names = "--service", paramLabel = "S", description = "only the blobs of this service")
    String service;

    private long analyzed;
    private long skipped;
    private long failed;

    @Override
    public Integer call() {
        Affix affix = cli.affix();
        if (service != null) {
            affix.services().get(service);
        }
        long started = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        if (which.record != null) {
            List<Blob> blobs = attachedTo(affix, RecordRef.parse(which.record));
            ProgressBar progress = new ProgressBar(err, cli.terminal(), blobs.size(), "blobs");
            blobs.forEach(blob -> analyze(affix, blob, progress));
            progress.finish();
        } else {
            ProgressBar progress = new ProgressBar(err, cli.terminal(), affix.blobs().count(service), "blobs");
            eachBlob(affix, blob -> analyze(affix, blob, progress));
            progress.finish();
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("analyzed", analyzed);
        summary.put("skipped", skipped);
        summary.put("failed", failed);
        summary.put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1e3);
        Output.json(spec, summary);
        if (failed > 0) {
            err.println("affix: " + failed + " blobs could not be read or had an analyzer fail; see the lines above");
            return AffixCli.FAILED;
        }
        return 0;
    }

    private List<Blob> attachedTo(Affix affix, RecordRef record) {
        return affix.attachmentsOf(record.type(), List.of(record.id())).getOrDefault(record, List.of()).stream()
                .map(Attachment::blob)
                .filter(blob -> service == null || blob.serviceName().equals(service))
                .distinct()
                .toList();
    }

    private void eachBlob(Affix affix, Consumer<Blob> action) {
        long afterId = 0;
        List<Blob> page;
        do {
            page = affix.blobs().page(service, afterId, BATCH);
            for (Blob blob : page) {
                action.accept(blob);
                afterId = blob.id();
            }
        } while (page.size() == BATCH);
    }

    private void analyze(Affix affix, Blob blob, ProgressBar progress) {
        try {
            if (onlyMissing && blob.analyzed()) {
                skipped++;
                return;
            }
            Optional<AnalysisOutcome> outcome = affix.analysis().analyze(blob);
            if (outcome.isEmpty()) {
                // purged since it was listed
                skipped++;
            } else if (outcome.get().failed().isEmpty()) {
                analyzed++;
            } else {
                failed++;
            }
        } catch (RuntimeException e) {
            failed++;
            progress.println("affix: blob " + blob.id() + " ('" + blob.filename() + "') was not analysed: " + e.getMessage());
        } finally {
            progress.step();
        }
    }
}

package dev.affix.cli;

import dev.affix.blob.BlobCopier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "copy", description = "Copy every blob of one service into another, each verified against its checksum; "
        + "with --switch, point the blobs' rows at the target once their bytes are there. Prints a JSON line per failure, "
        + "then a summary; exits 1 if any failed. Safe to run again.")
final class CopyCommand implements Callable<Integer> {

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "S", required = true)
    String from;

    @Option(names = "--to", paramLabel = "S", required = true)
    String to;

    @Option(names = "--switch", description = "move the rows to the target service after each verified copy")
    boolean switchRows;

    @Override
    public Integer call() {
        ProgressBar progress = new ProgressBar(spec.commandLine().getErr(), cli.terminal(), cli.affix().blobs().count(from), "blobs");
        BlobCopier.Summary summary = cli.affix().copier().copy(from, to, switchRows, outcome -> {
            if (outcome.result().equals(BlobCopier.Outcome.FAILED)) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("failed", outcome.blob().id());
                line.put("key", outcome.blob().key());
                line.put("detail", outcome.detail());
                progress.above(() -> Output.json(spec, line));
            }
            progress.step();
        });
        progress.finish();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("copied", summary.copied());
        result.put("already_present", summary.present());
        result.put("failed", summary.failed());
        result.put("switched", summary.moved());
        Output.json(spec, result);
        return summary.failed() > 0 ? AffixCli.FAILED : 0;
    }
}

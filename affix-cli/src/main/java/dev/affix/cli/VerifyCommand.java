package dev.affix.cli;

import dev.affix.blob.BlobAudit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "verify", description = "Re-read every blob; print one JSON line per missing or corrupted object (and per "
        + "direct upload whose bytes never arrived, kind never_uploaded, which is not a loss), then a summary; a progress bar on "
        + "a terminal. Exits 1 if an object is missing or corrupted.")
final class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--service", paramLabel = "S", description = "only the blobs of this service")
    String service;

    @Override
    public Integer call() {
        if (service != null) {
            cli.affix().services().get(service);
        }
        ProgressBar progress = new ProgressBar(spec.commandLine().getErr(), cli.terminal(), cli.affix().blobs().count(service), "blobs");
        BlobAudit.Summary summary = cli.affix().audit().verify(service, problem -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("problem", problem.kind());
            line.put("blob_id", problem.blob().id());
            line.put("key", problem.blob().key());
            line.put("service_name", problem.blob().serviceName());
            line.put("detail", problem.detail());
            progress.above(() -> Output.json(spec, line));
        }, blob -> progress.step());
        progress.finish();
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("checked", summary.checked());
        total.put("problems", summary.problems());
        total.put("never_uploaded", summary.neverUploaded());
        Output.json(spec, total);
        if (summary.problems() > 0) {
            spec.commandLine().getErr().println("affix: " + summary.problems() + " of " + summary.checked() + " blobs have missing or corrupted bytes");
            return AffixCli.FAILED;
        }
        return 0;
    }
}

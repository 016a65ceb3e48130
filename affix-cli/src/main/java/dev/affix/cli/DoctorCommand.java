package dev.affix.cli;

import dev.affix.doctor.Doctor;
import dev.affix.doctor.DoctorReport;
import dev.affix.doctor.UndoReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "doctor", description = "Find what went wrong between the tables and a service's objects: has-one slots with several "
        + "attachments, attachments whose record is gone (declarations with record_table), blobs whose bytes are missing, and objects "
        + "no blob references. --fix repairs them in a way --undo takes back: keeps a has-one's newest attachment and detaches the "
        + "others, detaches orphans (blobs kept), quarantines unknown objects under affix-quarantine/, and only reports missing bytes; "
        + "each repair is written to a log of JSON lines first. Prints a JSON report (a summary too on a terminal); exits 1 when "
        + "problems are left (found without --fix, missing bytes, a repair that failed, an undo that could not be done).")
final class DoctorCommand implements Callable<Integer> {

    private static final DateTimeFormatter LOG_NAME = DateTimeFormatter.ofPattern("'affix-doctor-'yyyyMMdd'T'HHmmss'Z.jsonl'")
            .withZone(ZoneOffset.UTC);

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--service", paramLabel = "S", description = "the service whose blobs and objects are checked (default: the default service)")
    String service;

    @ArgGroup(exclusive = true)
    Mode mode;

    static final class Mode {
        @Option(names = "--fix", required = true, description = "repair what is found, writing each repair to the fix log")
        boolean fix;

        @Option(names = "--undo", paramLabel = "LOG", required = true, description = "take back the repairs written in a fix log")
        Path undo;
    }

    @Option(names = "--log", paramLabel = "FILE", description = "with --fix: the fix log to write, a new file "
            + "(default: affix-doctor-<UTC time>.jsonl in the working directory)")
    Path log;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "" + Doctor.DEFAULT_SAMPLES,
            description = "how many problems of each kind the report describes (default: ${DEFAULT-VALUE})")
    int samples;

    @Override
    public Integer call() {
        boolean fix = mode != null && mode.fix;
        if (log != null && !fix) {
            throw new ParameterException(spec.commandLine(), "--log names the log that --fix writes; it needs --fix");
        }
        if (samples < 0) {
            throw new ParameterException(spec.commandLine(), "--samples cannot be negative, not " + samples);
        }
        Doctor doctor = cli.affix().doctor();
        PrintWriter err = spec.commandLine().getErr();
        if (mode != null && mode.undo != null) {
            UndoReport undone = doctor.undo(cli.resolve(mode.undo), samples);
            Output.json(spec, undone.asJson());
            if (cli.terminal()) {
                err.printf(Locale.ROOT, "affix doctor --undo %s (%.1f s): %d attachments and %d objects restored, %d already in place, "
                        + "%d could not be undone%n", undone.fixLog(), undone.seconds(), undone.restoredAttachments(),
                        undone.restoredObjects(), undone.alreadyInPlace(), undone.failed());
            }
            if (undone.failed() > 0) {
                err.println("affix: " + undone.failed() + " repairs could not be undone: " + String.join("; ", undone.problems()));
                return AffixCli.FAILED;
            }
            return 0;
        }
        DoctorReport report = fix
                ? doctor.repair(service, samples, cli.resolve(log != null ? log : Path.of(LOG_NAME.format(Instant.now()))))
                : doctor.examine(service, samples);
        Output.json(spec, report.asJson());
        if (cli.terminal()) {
            summary(err, report);
        }
        if (report.problemsLeft() > 0) {
            err.println("affix: " + report.problemsLeft() + " problems left" + (fix ? "" : "; affix doctor --fix repairs all but missing bytes"));
            return AffixCli.FAILED;
        }
        return 0;
    }

    private static void summary(PrintWriter err, DoctorReport report) {
        err.printf(Locale.ROOT, "affix doctor, service '%s' (%d objects listed, %d blobs checked, %.1f s):%n", report.serviceName(),
                report.objectsListed(), report.blobsChecked(), report.seconds());
        line(err, "has-one slots with several attachments", report.hasOneDuplicates(), "the newest kept, the others detached");
        line(err, "attachments whose record is gone", report.orphanAttachments(), "detached, their blobs kept");
        line(err, "blobs whose bytes are missing", report.missingBytes(), null);
        line(err, "objects no blob references", report.unknownObjects(), "quarantined under affix-quarantine/");
        if (report.fixLog() != null) {
            err.println("  repairs logged to " + report.fixLog() + "; take them back with: affix doctor --undo " + report.fixLog()
                    + " (before a cleanup purges the detached blobs)");
        }
    }

    private static void line(PrintWriter err, String what, DoctorReport.Finding finding, String repair) {
        String fixed = finding.fixed() == 0 ? "" : ", " + finding.fixed() + " " + repair;
        err.printf(Locale.ROOT, "  %-40s %d%s%n", what + ":", finding.found(), fixed);
    }
}

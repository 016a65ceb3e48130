package dev.affix.cli;

import dev.affix.Affix;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.blob.ByteJanitor;
import dev.affix.variant.NamedVariant;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "variants", description = {
    "Passes over every attached file of the declared attachments (all, or those --record-type and --name select), with a progress "
        + "bar on a terminal.",
    "--preprocess makes the declared named variants that have not been made (after declaring a new one): prints "
        + "{\"made\",\"already\",\"failed\",\"skipped_not_representable\"}, counted per file and variant; a file that cannot be "
        + "transformed is named on standard error and counted, the pass goes on, and the command exits 1.",
    "--purge-unused deletes the made variants whose transformations match no named variant of the declarations their original is "
        + "attached under (left by a changed or removed declaration): the variant record, its image's blob row and bytes. Variants "
        + "that code asks for by transformations rather than by name count as unused too, and are made again when next asked for; "
        + "files attached under a slot the configuration does not declare are left alone. Prints one JSON line per variant, then "
        + "{\"checked\",\"purged\"|\"would_purge\",\"byte_size\",...}."})
final class VariantsCommand implements Callable<Integer> {

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Pass pass;

    static final class Pass {
        @Option(names = "--preprocess", required = true, description = "make the named variants not made yet")
        boolean preprocess;

        @Option(names = "--purge-unused", required = true, description = "delete the variants no declaration names")
        boolean purgeUnused;
    }

    @Option(names = "--record-type", paramLabel = "TYPE", description = "only the attachments of this record type")
    String recordType;

    @Option(names = "--name", paramLabel = "NAME", description = "only the attachments of this name")
    String name;

    @Option(names = "--variant", paramLabel = "V", description = "with --preprocess: only this named variant")
    String variant;

    @Option(names = "--dry-run", description = "with --purge-unused: list what would be deleted, delete nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        if (pass.preprocess && dryRun) {
            throw new IllegalArgumentException("--dry-run goes with --purge-unused; --preprocess only makes what is missing");
        }
        if (pass.purgeUnused && variant != null) {
            throw new IllegalArgumentException("--variant goes with --preprocess; --purge-unused judges every variant of the files it passes");
        }
        Affix affix = cli.affix();
        List<AttachmentDeclaration> selected = affix.declarations().all().stream()
                .filter(d -> recordType == null || d.recordType().equals(recordType))
                .filter(d -> name == null || d.name().equals(name))
                .filter(d -> pass.purgeUnused || declaresWanted(d))
                .toList();
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("no declared attachment" + (pass.preprocess ? " with named variants" : "") + " matches"
                    + (recordType == null ? "" : " --record-type " + recordType) + (name == null ? "" : " --name " + name)
                    + (variant == null ? "" : " --variant " + variant) + "; declared with variants: " + declaredWithVariants(affix));
        }
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar progress = new ProgressBar(err, cli.terminal(), selected.stream().mapToLong(affix::attachmentCount).sum(), "files");
        if (pass.preprocess) {
            VariantPreprocessing preprocessing = new VariantPreprocessing(affix, progress);
            selected.forEach(declaration -> preprocessing.run(declaration, wanted(declaration)));
            progress.finish();
            Output.json(spec, preprocessing.summary());
            if (preprocessing.failed() > 0) {
                err.println("affix: " + preprocessing.failed() + " variants could not be made; see the lines above");
                return AffixCli.FAILED;
            }
            return 0;
        }
        UnusedVariants unused = new UnusedVariants(affix, progress, dryRun, line -> Output.json(spec, line));
        selected.forEach(unused::run);
        progress.finish();
        Map<String, Object> summary = new LinkedHashMap<>(unused.summary());
        if (!dryRun) {
            ByteJanitor.Drained drained = affix.blobs().deletePendingObjects();
            summary.put("pending_objects_deleted", drained.deleted());
            summary.put("pending_deletions_failed", drained.failed());
            if (drained.failed() > 0) {
                Output.json(spec, summary);
                err.println("affix: " + drained.failed() + " deletions of bytes failed; they stay recorded and are retried");
                return AffixCli.FAILED;
            }
        }
        Output.json(spec, summary);
        return 0;
    }

    private boolean declaresWanted(AttachmentDeclaration declaration) {
        return !wanted(declaration).isEmpty();
    }

    private List<NamedVariant> wanted(AttachmentDeclaration declaration) {
        return declaration.variants().values().stream().filter(v -> variant == null || v.name().equals(variant)).toList();
    }

    private static String declaredWithVariants(Affix affix) {
        String declared = affix.declarations().all().stream()
                .filter(d -> !d.variants().isEmpty())
                .map(d -> d.qualifiedName() + " (" + String.join(", ", d.variants().keySet()) + ")")
                .collect(Collectors.joining(", "));
        return declared.isEmpty() ? "none" : declared;
    }
}

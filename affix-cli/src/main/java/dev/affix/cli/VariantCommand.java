package dev.affix.cli;

import dev.affix.Affix;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.HasMany;
import dev.affix.attachment.RecordRef;
import dev.affix.attachment.UndeclaredAttachmentException;
import dev.affix.blob.Blob;
import dev.affix.variant.NotRepresentableException;
import dev.affix.variant.Representation;
import dev.affix.variant.TransformationFailedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "variant", description = "Make a declared variant of a record's attached file if it has not been made, and print its "
        + "image blob with its signed_id and \"processed_now\" (whether this run made it). A has-many attachment gives a JSON array, one "
        + "per file that has variants (the others are named on standard error). -o writes the image to a file, for exactly one file: "
        + "for several, download each by its signed_id (affix download SIGNED_ID -o OUT). Exits 3 when nothing is attached, 4 for an "
        + "undeclared variant or a file that has no variants, 1 when the file cannot be transformed.")
final class VariantCommand implements Callable<Integer> {

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--record", paramLabel = "TYPE:ID", required = true, description = "the record, e.g. User:42")
    String record;

    @Option(names = "--name", paramLabel = "NAME", required = true, description = "the attachment name, e.g. avatar")
    String name;

    @Option(names = "--variant", paramLabel = "V", required = true, description = "a variant the attachment's declaration names, e.g. thumb")
    String variant;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "write the variant's image to this file (only if its checksum matches)")
    Path output;

    @Override
    public Integer call() throws IOException {
        Affix affix = cli.affix();
        RecordRef ref = RecordRef.parse(record);
        AttachmentDeclaration declaration = affix.declarations().require(ref.type(), name);
        if (declaration.variants().isEmpty()) {
            throw new UndeclaredAttachmentException("attachment '" + declaration.qualifiedName() + "' declares no variant '" + variant
                    + "' (it declares no variants)");
        }
        declaration.requireVariant(variant);
        List<Representation> representations = declaration.kind() == AttachmentDeclaration.Kind.ONE
                ? affix.one(ref, name).variant(variant).stream().toList()
                : ofEveryFile(affix, affix.many(ref, name));
        if (representations.isEmpty()) {
            spec.commandLine().getErr().println("affix: " + ref + " has nothing attached under '" + name + "'");
            return AffixCli.NOT_FOUND;
        }
        if (output != null && representations.size() > 1) {
            throw new IllegalArgumentException("-o writes one file, and " + ref + " has " + representations.size() + " files with variants "
                    + "under '" + name + "': leave -o out, then download each by its signed_id (affix download SIGNED_ID -o OUT)");
        }
        List<Made> made = new ArrayList<>();
        for (Representation representation : representations) {
            processed(representation).ifPresent(made::add);
        }
        List<Map<String, Object>> json = made.stream().map(m -> m.json(affix, variant)).toList();
        if (output != null && !made.isEmpty()) {
            Path target = cli.resolve(output);
            DownloadCommand.writeVerified(affix, made.get(0).image(), target);
            json.get(0).put("path", target.toString());
        }
        if (declaration.kind() == AttachmentDeclaration.Kind.MANY) {
            Output.json(spec, json);
        } else if (!json.isEmpty()) {
            Output.json(spec, json.get(0));
        }
        return made.size() == representations.size() ? 0 : AffixCli.FAILED;
    }

    /** A variant's image, and whether this run made it. */
    private record Made(Representation representation, Blob image, boolean processedNow) {
        Map<String, Object> json(Affix affix, String variant) {
            Map<String, Object> json = BlobJson.of(image, affix.blobs().signedId(image));
            json.put("variant", variant);
            json.put("original_id", representation.original().id());
            json.put("processed_now", processedNow);
            return json;
        }
    }

    /** The variant of every attached file that has variants; the others are named on standard error, and if none has, refused. */
    private List<Representation> ofEveryFile(Affix affix, HasMany files) {
        List<Blob> blobs = files.blobs().stream().distinct().toList();
        List<Blob> representable = blobs.stream().filter(affix.variants()::representable).toList();
        if (!blobs.isEmpty() && representable.isEmpty()) {
            throw new NotRepresentableException("none of the files of " + record + " under '" + name + "' has variants: " + blobs.stream()
                    .map(blob -> "'" + blob.filename() + "' (" + blob.contentType() + ")").collect(Collectors.joining(", ")));
        }
        PrintWriter err = spec.commandLine().getErr();
        blobs.stream().filter(blob -> !representable.contains(blob)).forEach(blob -> err.println("affix: skipped '" + blob.filename()
                + "' (blob " + blob.id() + ", " + blob.contentType() + "): it has no variants"));
        return representable.stream().map(blob -> files.variant(blob, variant)).toList();
    }

    /** The variant's image, made now if it had not been; empty, with the reason on standard error, if it cannot be made. */
    private Optional<Made> processed(Representation representation) {
        boolean processedNow = representation.image().isEmpty();
        try {
            return Optional.of(new Made(representation, representation.processed(), processedNow));
        } catch (TransformationFailedException e) {
            Blob original = representation.original();
            spec.commandLine().getErr().println("affix: variant '" + variant + "' of '" + original.filename() + "' (blob " + original.id()
                    + ") could not be made: " + e.getMessage());
            return Optional.empty();
        }
    }
}

package dev.affix.cli;

import dev.affix.Affix;
import dev.affix.attachment.Attachable;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "attach", description = "Attach a file to a record under a declared name (one: replaces, many: appends).")
final class AttachCommand implements Callable<Integer> {

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Mixin
    SlotOptions slot;

    @Option(names = "--filename", paramLabel = "N", description = "filename to record (default: the file's name)")
    String filename;

    @Option(names = "--content-type", paramLabel = "T", description = "declared type, used when the bytes do not tell")
    String contentType;

    @Override
    public Integer call() {
        Affix affix = cli.affix(slot.adHoc());
        RecordRef record = slot.recordRef();
        Path path = cli.resolve(file);
        Attachable source = Attachable.file(path, filename == null ? path.getFileName().toString() : filename, contentType);
        AttachmentDeclaration declaration = slot.declaration(affix);
        Attachment attachment = declaration.kind() == AttachmentDeclaration.Kind.ONE
                ? affix.one(record, slot.name).attach(source)
                : affix.many(record, slot.name).attach(List.of(source)).get(0);
        // read again: the analysis that followed the commit (run inline, as this command's jobs are) added its facts
        Blob blob = affix.blobs().find(attachment.blob().id()).orElse(attachment.blob());
        Attachment analysed = new Attachment(attachment.id(), attachment.name(), attachment.record(), blob, attachment.createdAt());
        Output.json(spec, BlobJson.of(analysed, affix.blobs().signedId(blob)));
        return 0;
    }
}

package dev.affix.cli;

import dev.affix.Affix;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "ls", description = "List a record's attachments, or the blobs no attachment uses.")
final class LsCommand implements Callable<Integer> {

    private static final int UNATTACHED_LIMIT = 10_000;

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--record", paramLabel = "TYPE:ID", description = "the record whose attachments to list")
        String record;

        @Option(names = "--unattached", description = "list blobs that no attachment uses (abandoned or detached uploads)")
        boolean unattached;
    }

    @Override
    public Integer call() {
        Affix affix = cli.affix();
        List<Map<String, Object>> listing = new ArrayList<>();
        if (target.unattached) {
            for (Blob blob : affix.blobs().unattached(Instant.now(), UNATTACHED_LIMIT)) {
                listing.add(blob.asJson());
            }
        } else {
            RecordRef record = RecordRef.parse(target.record);
            for (Attachment attachment : affix.attachmentsOf(record.type(), List.of(record.id())).get(record)) {
                listing.add(BlobJson.of(attachment, affix.blobs().signedId(attachment.blob())));
            }
        }
        Output.json(spec, listing);
        return 0;
    }
}

package dev.affix.cli;

import dev.affix.Affix;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.RecordRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "purge", description = "Delete a record's attachments under a name: rows, then blobs no other record uses, then bytes.")
final class PurgeCommand implements Callable<Integer> {

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    SlotOptions slot;

    @Override
    public Integer call() {
        Affix affix = cli.affix(slot.adHoc());
        RecordRef record = slot.recordRef();
        AttachmentDeclaration declaration = slot.declaration(affix);
        List<Attachment> before = affix.attachmentsOf(record.type(), slot.name, List.of(record.id())).get(record);
        if (declaration.kind() == AttachmentDeclaration.Kind.ONE) {
            affix.one(record, slot.name).purge();
        } else {
            affix.many(record, slot.name).purge();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("record", record.toString());
        result.put("name", slot.name);
        result.put("purged", before.stream().map(a -> a.blob().asJson()).toList());
        Output.json(spec, result);
        return 0;
    }
}

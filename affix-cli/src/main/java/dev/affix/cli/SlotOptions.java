package dev.affix.cli;

import dev.affix.Affix;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.AttachmentDeclaration.Kind;
import dev.affix.attachment.RecordRef;
import dev.affix.attachment.UndeclaredAttachmentException;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options that name an attachment slot: --record TYPE:ID --name NAME, and --kind for undeclared ones. */
final class SlotOptions {

    @Option(names = "--record", paramLabel = "TYPE:ID", required = true, description = "the record, e.g. User:42")
    String record;

    @Option(names = "--name", paramLabel = "NAME", required = true, description = "the attachment name, e.g. avatar")
    String name;

    @Option(names = "--kind", paramLabel = "one|many",
            description = "declare TYPE.NAME for this run when the configuration does not (one: replaces, many: appends)")
    String kind;

    /** The slot's declaration, with a hint at --kind when there is none. */
    AttachmentDeclaration declaration(Affix affix) {
        try {
            return affix.declarations().require(recordRef().type(), name);
        } catch (UndeclaredAttachmentException e) {
            throw new UndeclaredAttachmentException(e.getMessage() + ", or pass --kind one|many");
        }
    }

    RecordRef recordRef() {
        return RecordRef.parse(record);
    }

    /** The ad-hoc declarations this run adds: none unless --kind was given. */
    AttachmentDeclaration[] adHoc() {
        if (kind == null) {
            return new AttachmentDeclaration[0];
        }
        Kind parsed;
        try {
            parsed = Kind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--kind must be one or many, not '" + kind + "'");
        }
        String type = recordRef().type();
        return new AttachmentDeclaration[] {parsed == Kind.ONE ? AttachmentDeclaration.one(type, name) : AttachmentDeclaration.many(type, name)};
    }
}

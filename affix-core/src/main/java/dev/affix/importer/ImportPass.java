package dev.affix.importer;

import dev.affix.attachment.AttachmentDeclaration;

/** One attachment of the table, checked and ready to import: {@code rows} rows have a file. */
record ImportPass(PaperclipTable table, AttachmentDeclaration declaration, PaperclipTable.Columns columns, RowChecks checks, long rows) {

    String recordType() {
        return declaration.recordType();
    }

    String name() {
        return declaration.name();
    }
}

package dev.affix.importer;

import dev.affix.attachment.AttachmentDeclaration;

/**
 * One attachment of the table, checked and ready to import: {@code rows} rows have a file;
 * {@code attachedBefore}: some record had an attachment under the name when the import began (an
 * earlier run's, or the application's), so rows are checked for one before their objects are looked up.
 */
record ImportPass(PaperclipTable table, AttachmentDeclaration declaration, PaperclipTable.Columns columns, RowChecks checks, long rows,
        boolean attachedBefore) {

    String recordType() {
        return declaration.recordType();
    }

    String name() {
        return declaration.name();
    }
}

package dev.affix.importer;

/**
 * A row that an import left out, and why; the import goes on with the others. Run again, an import
 * takes up every row that was left out because of something that may have changed since (an object
 * that was missing, a failure of the storage service).
 *
 * @param attachment the attachment (Paperclip's column prefix) the row was imported under
 * @param recordId   the row's id, or null if it has none
 * @param key        the object's key in its service, when it was known
 */
public record ImportProblem(Kind kind, String attachment, String recordId, String key, String reason) {

    public enum Kind {
        /** The row's own values cannot be imported: an absurd file name, a negative size, a duplicate, an invalid key. */
        INVALID_ROW,
        /** No object exists at the row's key. */
        MISSING_OBJECT,
        /** Another blob has the key, or the object at the key is waiting to be deleted. */
        KEY_CONFLICT,
        /** The storage service or the copy failed for this row; running again may succeed. */
        FAILED
    }
}

package dev.affix.importer;

/** One row that cannot be imported as it is; the message is the reason reported for it, and the import goes on. */
final class RowRefusedException extends RuntimeException {

    RowRefusedException(String reason) {
        super(reason, null, false, false);
    }
}

package dev.affix.importer;

/**
 * An import refused before it changed anything: a table without Paperclip's columns, an undeclared
 * attachment, a path template Affix cannot compute. The message says what to change.
 */
public final class ImportRefusedException extends IllegalArgumentException {

    public ImportRefusedException(String message) {
        super(message);
    }
}

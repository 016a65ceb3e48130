package dev.affix.storage;

/**
 * The bytes did not match what the caller declared (checksum or length). Whoever raises it has made
 * sure that nothing was left at the key.
 */
public class IntegrityException extends StorageException {

    public IntegrityException(String message) {
        super(message);
    }

    public IntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}

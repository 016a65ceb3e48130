package dev.affix.storage;

import dev.affix.AffixException;

/** A storage service could not carry out an operation (I/O failure, refused request, network error). */
public class StorageException extends AffixException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.affix.storage;

/** A key or prefix that no service accepts: empty, traversing, absolute, with control characters… */
public class InvalidKeyException extends StorageException {

    public InvalidKeyException(String message) {
        super(message);
    }
}

package dev.affix.storage;

/**
 * An upload or compose would have replaced an object that is already at the key, and the caller did
 * not ask to overwrite ({@link UploadOptions#overwriting()}). Whoever raises it has changed nothing:
 * the object at the key keeps its bytes, and nothing the refused write made is left behind.
 */
public class KeyExistsException extends StorageException {

    private final String serviceName;
    private final String key;

    public KeyExistsException(String serviceName, String key) {
        this(serviceName, key, null);
    }

    public KeyExistsException(String serviceName, String key, Throwable cause) {
        super("service '" + serviceName + "' already has an object at key '" + key
                + "'; nothing was changed (ask to overwrite to replace it)", cause);
        this.serviceName = serviceName;
        this.key = key;
    }

    public String serviceName() {
        return serviceName;
    }

    public String key() {
        return key;
    }
}

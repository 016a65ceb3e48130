package dev.affix.storage;

/** The key names no object in the service. Raised instead of ever returning an empty stream. */
public class ObjectNotFoundException extends StorageException {

    private final String serviceName;
    private final String key;

    public ObjectNotFoundException(String serviceName, String key) {
        super("service '" + serviceName + "' has no object at key '" + key + "'");
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

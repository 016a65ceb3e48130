package dev.affix.storage;

/** A byte range that starts at or past the end of the object. */
public class RangeNotSatisfiableException extends StorageException {

    private final long objectSize;

    public RangeNotSatisfiableException(String serviceName, String key, ByteRange range, long objectSize) {
        super("range " + range + " is not satisfiable for key '" + key + "' in service '" + serviceName
                + "' (object size " + objectSize + " bytes)");
        this.objectSize = objectSize;
    }

    public long objectSize() {
        return objectSize;
    }
}

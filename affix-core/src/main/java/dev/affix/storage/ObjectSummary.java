package dev.affix.storage;

/**
 * What a service knows of an object without reading its bytes: its key and exact size. Listings and
 * {@link StorageService#head} answer with it, so importers and the doctor can size millions of
 * objects cheaply.
 */
public record ObjectSummary(String key, long byteSize) {

    public ObjectSummary {
        if (byteSize < 0) {
            throw new IllegalArgumentException("an object's size cannot be negative: " + byteSize);
        }
    }
}

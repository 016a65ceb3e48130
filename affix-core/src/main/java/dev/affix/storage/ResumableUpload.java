package dev.affix.storage;

import java.util.Objects;

/**
 * Where a resumable upload stands, as its service is told: the key it will complete at, its declared
 * size, how many bytes are stored, the service's own state of it (as {@link ResumableUploads#begin}
 * or the last {@link ResumableChunk#kept} left it) and how many parts it has.
 */
public record ResumableUpload(String key, long byteSize, long offset, String state, int partCount) {

    public ResumableUpload {
        StorageKeys.requireValidKey(key);
        Objects.requireNonNull(state, "state");
        if (byteSize < 0 || offset < 0 || offset > byteSize) {
            throw new IllegalArgumentException("offset " + offset + " of an upload of " + byteSize + " bytes is out of range");
        }
        if (partCount < 0) {
            throw new IllegalArgumentException("part count " + partCount + " is negative");
        }
    }

    /** How many bytes are still to come. */
    public long remaining() {
        return byteSize - offset;
    }
}

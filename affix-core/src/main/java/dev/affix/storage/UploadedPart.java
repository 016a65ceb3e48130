package dev.affix.storage;

import java.util.Objects;

/**
 * A piece of a resumable upload that its service stored on its own: its number (from 1, in order), its
 * size, and the service's tag for it (an S3 ETag, an Azure block id, a GCS object's name).
 */
public record UploadedPart(int number, long byteSize, String tag) {

    public UploadedPart {
        if (number < 1) {
            throw new IllegalArgumentException("part number " + number + " is below 1");
        }
        if (byteSize < 0) {
            throw new IllegalArgumentException("part size " + byteSize + " is negative");
        }
        Objects.requireNonNull(tag, "tag");
    }
}

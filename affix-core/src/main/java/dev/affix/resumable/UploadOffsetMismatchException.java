package dev.affix.resumable;

/** A chunk was sent for another offset than the one the upload has reached. */
public final class UploadOffsetMismatchException extends UploadSessionException {

    private final long offset;

    public UploadOffsetMismatchException(long sent, long offset) {
        super("the chunk was sent for offset " + sent + " but the upload is at offset " + offset);
        this.offset = offset;
    }

    /** Where the upload really is. */
    public long offset() {
        return offset;
    }
}

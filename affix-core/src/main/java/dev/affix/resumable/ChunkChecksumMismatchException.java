package dev.affix.resumable;

/** The bytes of a chunk do not match the checksum sent with it; none of them are accepted. */
public final class ChunkChecksumMismatchException extends UploadSessionException {

    public ChunkChecksumMismatchException(String algorithm, long offset) {
        super("the chunk at offset " + offset + " does not match its " + algorithm + " checksum; it was discarded");
    }
}

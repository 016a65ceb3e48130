package dev.affix.resumable;

/**
 * The client stopped sending a chunk half-way. What arrived and was stored is kept (unless the chunk
 * carried a checksum, which bytes cut short cannot match); the client resumes from the offset it is told.
 */
public final class ChunkInterruptedException extends UploadSessionException {

    public ChunkInterruptedException(long offset, Throwable cause) {
        super("the client stopped sending; the upload is at offset " + offset, cause);
    }
}

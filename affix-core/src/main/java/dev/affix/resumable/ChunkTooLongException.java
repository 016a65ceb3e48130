package dev.affix.resumable;

/** A chunk would carry the upload past its declared length; none of it is accepted. */
public final class ChunkTooLongException extends UploadSessionException {

    public ChunkTooLongException(long offset, long length, long byteSize) {
        super("a chunk of " + length + " bytes at offset " + offset + " goes past the declared length of " + byteSize + " bytes");
    }
}

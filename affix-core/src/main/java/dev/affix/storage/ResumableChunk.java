package dev.affix.storage;

import java.io.InputStream;

/**
 * The bytes of one request to a resumable upload, as a service reads them in
 * {@link ResumableUploads#append}. It yields exactly {@link #length()} bytes and then ends; a client
 * that goes away before makes a read fail, never end early. Affix digests the bytes as they are read,
 * and {@link #kept} tells it how far they are stored.
 */
public abstract class ResumableChunk extends InputStream {

    /** How many bytes this chunk carries in all. */
    public abstract long length();

    /** How many of them have not been read yet. */
    public abstract long remaining();

    /**
     * Every byte read from this chunk so far is stored durably, and the upload's state is now
     * {@code state}.
     *
     * @param part the part stored since the last call, or null if the bytes went into no part of
     *             their own (a file appended to, bytes held back until a part is full)
     */
    public abstract void kept(String state, UploadedPart part);
}

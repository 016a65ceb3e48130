package dev.affix.resumable;

/** An upload declared larger than resumable uploads may be ({@code http.resumable_uploads.max_byte_size}). */
public final class UploadTooLargeException extends UploadSessionException {

    public UploadTooLargeException(long byteSize, long max) {
        super("an upload of " + byteSize + " bytes is larger than the " + max + " bytes allowed");
    }
}

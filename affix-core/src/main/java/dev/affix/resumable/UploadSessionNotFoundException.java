package dev.affix.resumable;

/** No upload has this token: it never existed, was terminated, or was forgotten after it expired. */
public final class UploadSessionNotFoundException extends UploadSessionException {

    public UploadSessionNotFoundException() {
        super("no resumable upload has this token");
    }
}

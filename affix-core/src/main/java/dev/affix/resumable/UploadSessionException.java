package dev.affix.resumable;

import dev.affix.AffixException;

/** A request to a resumable upload that cannot be carried out as asked; the upload is left as it was. */
public abstract class UploadSessionException extends AffixException {

    protected UploadSessionException(String message) {
        super(message);
    }

    protected UploadSessionException(String message, Throwable cause) {
        super(message, cause);
    }
}

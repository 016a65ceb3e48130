package dev.affix.blob;

import dev.affix.AffixException;

/** A blob cannot be purged while an attachment uses it. */
public class BlobInUseException extends AffixException {

    public BlobInUseException(long blobId) {
        super("blob " + blobId + " is still attached; purge or detach its attachments instead");
    }
}

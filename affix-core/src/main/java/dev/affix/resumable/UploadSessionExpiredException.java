package dev.affix.resumable;

import java.time.Instant;

/** The upload rested longer than allowed and can no longer be resumed; its pieces are (or will be) deleted. */
public final class UploadSessionExpiredException extends UploadSessionException {

    public UploadSessionExpiredException(Instant expiredAt) {
        super("the resumable upload expired at " + expiredAt + " and can no longer be resumed; start a new one");
    }
}

package dev.affix.resumable;

/** Another request is writing to the upload right now (or did until lately and its lease has not lapsed). */
public final class UploadSessionBusyException extends UploadSessionException {

    public UploadSessionBusyException() {
        super("another request is writing to this upload; try again once it is done");
    }
}

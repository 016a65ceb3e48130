package dev.affix.resumable;

/**
 * A direct upload's parts are not what completing it needs: missing, named out of order, unknown to
 * the service, or adding up to another size than declared. Nothing was completed.
 */
public final class PartsMismatchException extends UploadSessionException {

    public PartsMismatchException(String message) {
        super(message);
    }
}

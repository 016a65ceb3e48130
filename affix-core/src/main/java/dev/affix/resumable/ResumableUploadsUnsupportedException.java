package dev.affix.resumable;

/** The storage service cannot receive an object in pieces (it has no {@link dev.affix.storage.ResumableUploads}). */
public final class ResumableUploadsUnsupportedException extends UploadSessionException {

    public ResumableUploadsUnsupportedException(String serviceName) {
        super("storage service '" + serviceName + "' cannot take resumable uploads");
    }
}

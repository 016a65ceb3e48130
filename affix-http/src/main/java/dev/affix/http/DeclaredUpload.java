package dev.affix.http;

import dev.affix.attachment.AttachmentHandle;
import dev.affix.checksum.Checksum;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a browser declared in {@code POST {prefix}/direct_uploads}, validated: the filename as sent
 * (Affix sanitises it when it records the blob), the content type ({@code application/octet-stream}
 * when the browser knew none), the size, the checksum, the metadata without the keys Affix owns, and
 * the attachment the upload is for, when the request sent a genuine attachment handle.
 */
public record DeclaredUpload(String filename, String contentType, long byteSize, Checksum checksum, Map<String, String> metadata,
        Optional<AttachmentHandle> attachment) {

    public DeclaredUpload {
        metadata = Map.copyOf(metadata);
        Objects.requireNonNull(attachment, "attachment");
    }

    /** A declaration that names no attachment. */
    public DeclaredUpload(String filename, String contentType, long byteSize, Checksum checksum, Map<String, String> metadata) {
        this(filename, contentType, byteSize, checksum, metadata, Optional.empty());
    }

    /** This declaration, for the attachment a verified handle names. */
    public DeclaredUpload forAttachment(AttachmentHandle handle) {
        return new DeclaredUpload(filename, contentType, byteSize, checksum, metadata, Optional.of(handle));
    }
}

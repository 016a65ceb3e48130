package dev.affix.azure;

import dev.affix.storage.ContentDisposition;
import com.azure.storage.blob.models.BlobHttpHeaders;
import dev.affix.storage.ObjectMetadata;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How an {@link ObjectMetadata} maps onto a blob: the content type and disposition become the blob's
 * HTTP headers, the custom pairs its {@code x-ms-meta-*} metadata. Azure only takes metadata names that
 * are C# identifiers and values that fit in an HTTP header, so anything else is refused up front,
 * before a byte is sent.
 */
final class AzureObjectMetadata {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern VALUE = Pattern.compile("[\\x20-\\x7e]*");

    private AzureObjectMetadata() {
    }

    /** The custom pairs, checked against Azure's rules for metadata names and values. */
    static Map<String, String> custom(ObjectMetadata metadata) {
        metadata.custom().forEach((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("metadata name '" + name
                        + "' cannot be stored in Azure, which takes only C# identifiers (letters, digits and _, not starting with a digit)");
            }
            if (value == null || !VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("metadata value of '" + name
                        + "' cannot be stored in Azure, which takes only printable ASCII in metadata values");
            }
        });
        return metadata.custom();
    }

    /** The Content-Disposition to record, when the metadata names a filename or a disposition. */
    static Optional<String> contentDisposition(ObjectMetadata metadata) {
        return ContentDisposition.forMetadata(metadata);
    }

    /** The blob's HTTP headers for this metadata and, when known, the MD5 of its content. */
    static BlobHttpHeaders httpHeaders(ObjectMetadata metadata, byte[] contentMd5) {
        return new BlobHttpHeaders()
                .setContentType(metadata.contentType())
                .setContentDisposition(contentDisposition(metadata).orElse(null))
                .setContentMd5(contentMd5);
    }
}

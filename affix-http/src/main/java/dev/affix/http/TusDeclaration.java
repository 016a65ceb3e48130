package dev.affix.http;

import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.Declarations;
import dev.affix.attachment.ServiceSelector;
import dev.affix.attachment.UndeclaredAttachmentException;
import dev.affix.blob.Blob;
import dev.affix.resumable.NewUploadSession;
import dev.affix.validation.AttachmentInvalidException;
import dev.affix.validation.Violation;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a tus client declares when it creates an upload: the length, and in {@code Upload-Metadata} the
 * file's name ({@code filename} or {@code name}), its type ({@code filetype}, {@code type} or
 * {@code content_type}; {@code application/octet-stream} when none), optionally the declared attachment
 * it is meant for ({@code attachment}: {@code Type.name}), and the rest as the blob's custom metadata
 * (Affix drops the keys it owns).
 */
record TusDeclaration(String filename, String contentType, long byteSize, String attachment, Map<String, String> metadata,
        Map<String, String> clientMetadata) {

    private static final List<String> FILENAME_KEYS = List.of("filename", "name");
    private static final List<String> TYPE_KEYS = List.of("filetype", "type", "content_type");
    private static final String ATTACHMENT_KEY = "attachment";
    private static final Set<String> DECLARED_RULES = Set.of("content_types", "min_byte_size", "max_byte_size");

    TusDeclaration {
        metadata = Map.copyOf(metadata);
        clientMetadata = Map.copyOf(clientMetadata);
    }

    /** @throws UploadDeclarationException naming what is missing or malformed */
    static TusDeclaration read(Map<String, String> pairs, long byteSize) {
        String filename = first(pairs, FILENAME_KEYS).filter(name -> !name.isBlank())
                .orElseThrow(() -> new UploadDeclarationException(TusUploadMetadata.HEADER + " needs the file's name (filename)"));
        String contentType = first(pairs, TYPE_KEYS).filter(type -> !type.isEmpty())
                .map(type -> MediaType.parse(type).map(MediaType::text)
                        .orElseThrow(() -> new UploadDeclarationException(TusUploadMetadata.HEADER + " filetype '" + type
                                + "' is not a media type (type/subtype)")))
                .orElse(MediaType.BINARY);
        String attachment = pairs.get(ATTACHMENT_KEY);
        if (attachment != null && !attachment.matches("[^.\\s]+\\.[^.\\s]+")) {
            throw new UploadDeclarationException(TusUploadMetadata.HEADER + " attachment '" + attachment + "' is not Type.name");
        }
        Map<String, String> custom = new LinkedHashMap<>(pairs);
        custom.keySet().removeAll(FILENAME_KEYS);
        custom.keySet().removeAll(TYPE_KEYS);
        custom.remove(ATTACHMENT_KEY);
        return new TusDeclaration(filename, contentType, byteSize, attachment, custom, pairs);
    }

    /** What the application's {@link DirectUploadAuthorizer} is asked about; a resumable upload declares no checksum. */
    DeclaredUpload asDeclaredUpload() {
        return new DeclaredUpload(filename, contentType, byteSize, null, metadata);
    }

    /**
     * The service the named attachment's files go to (empty: the default), once the declared file
     * passes its type and size rules, which are checked again on the bytes when it is attached.
     *
     * @throws UndeclaredAttachmentException if the attachment is not declared
     * @throws AttachmentInvalidException listing the rules the declared file breaks
     */
    Optional<String> serviceOf(Declarations declarations) {
        if (attachment == null) {
            return Optional.empty();
        }
        int dot = attachment.indexOf('.');
        AttachmentDeclaration declaration = declarations.require(attachment.substring(0, dot), attachment.substring(dot + 1));
        Blob declared = new Blob(0, "", filename, contentType, Map.of(), "", byteSize, null, Instant.EPOCH);
        List<Violation> broken = declaration.rules().check(declared, Map.of()).stream()
                .filter(violation -> DECLARED_RULES.contains(violation.rule())).toList();
        if (!broken.isEmpty()) {
            throw new AttachmentInvalidException(declaration.qualifiedName(), broken);
        }
        return declaration.service() instanceof ServiceSelector.Fixed fixed ? Optional.of(fixed.serviceName()) : Optional.empty();
    }

    NewUploadSession toNewSession(String serviceName) {
        return new NewUploadSession(serviceName, null, filename, contentType, byteSize, metadata, clientMetadata);
    }

    private static Optional<String> first(Map<String, String> pairs, List<String> keys) {
        return keys.stream().map(pairs::get).filter(value -> value != null).findFirst();
    }
}

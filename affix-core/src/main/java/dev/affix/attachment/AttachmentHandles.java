package dev.affix.attachment;

import dev.affix.blob.Blob;
import dev.affix.blob.Filenames;
import dev.affix.checksum.Checksum;
import dev.affix.signing.MessageSigner;
import dev.affix.validation.AttachmentInvalidException;
import dev.affix.validation.Violation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Attachment handles: signed tokens that the server renders into a page so that the page's direct
 * uploads are made for one declared attachment, in its service, at keys of its template, within its
 * size and type rules, instead of in the default service at random keys. A handle names the
 * declaration, the tenant and, when made for a saved record, the record's id. It is signed for a
 * purpose of its own, so that no other token of Affix (a signed blob id, a URL's token) passes for a
 * handle, nor a handle for one of them; and it expires.
 *
 * <p>A handle for a record not saved yet (a form that creates one) is only possible for a declaration
 * that needs no record id: its key template has no {@code {record_id}} and its service is not chosen
 * per record.
 */
public final class AttachmentHandles {

    /** The signing purpose of handles. */
    public static final String PURPOSE = "direct_upload.attachment";
    /** How long a handle made by {@link #forRecord} or {@link #forNewRecord} is valid: a page may stay open a working day. */
    public static final Duration VALIDITY = Duration.ofHours(24);

    private final MessageSigner signer;
    private final Declarations declarations;
    private final RecordTypes recordTypes;
    private final Attacher attacher;
    private final String tenant;

    public AttachmentHandles(MessageSigner signer, Declarations declarations, RecordTypes recordTypes, Attacher attacher) {
        this(signer, declarations, recordTypes, attacher, null);
    }

    private AttachmentHandles(MessageSigner signer, Declarations declarations, RecordTypes recordTypes, Attacher attacher, String tenant) {
        this.signer = signer;
        this.declarations = declarations;
        this.recordTypes = recordTypes;
        this.attacher = attacher;
        this.tenant = tenant;
    }

    /** The same handles, made for a tenant: uploads through them get its keys. */
    public AttachmentHandles forTenant(String value) {
        return new AttachmentHandles(signer, declarations, recordTypes, attacher, value);
    }

    /** A handle for the attachment {@code name} of a saved record, valid for {@link #VALIDITY}. */
    public String forRecord(Object record, String name) {
        RecordRef ref = recordTypes.identify(record);
        return sign(new AttachmentHandle(ref.type(), name, tenant, ref.id()), VALIDITY);
    }

    /** A handle for the attachment {@code name} of a record of this type not saved yet, valid for {@link #VALIDITY}. */
    public String forNewRecord(String recordType, String name) {
        return sign(new AttachmentHandle(recordType, name, tenant, null), VALIDITY);
    }

    /**
     * Signs a handle, once it is known to make keys: the attachment is declared, what its template and
     * service need is in the handle, and its values are safe in a key.
     *
     * @throws UndeclaredAttachmentException if the attachment is not declared
     * @throws IllegalArgumentException naming what the declaration needs that the handle lacks
     * @throws dev.affix.storage.InvalidKeyException if the tenant or the record id cannot be part of a key
     */
    public String sign(AttachmentHandle handle, Duration validFor) {
        AttachmentDeclaration declaration = declarations.require(handle.recordType(), handle.name());
        Optional<String> missing = missing(declaration, handle);
        if (missing.isPresent()) {
            throw new IllegalArgumentException(missing.get());
        }
        if (declaration.keyTemplate() != null) {
            declaration.keyTemplate().resolve(new KeyTemplate.Context(handle.tenant(), handle.recordType(), handle.recordId(), handle.name(),
                    signer.clock().instant()));
        }
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("type", handle.recordType());
        claims.put("name", handle.name());
        if (handle.tenant() != null) {
            claims.put("tenant", handle.tenant());
        }
        if (handle.recordId() != null) {
            claims.put("record_id", handle.recordId());
        }
        return signer.sign(PURPOSE, claims, validFor);
    }

    /**
     * What a genuine, unexpired handle names; empty for anything else, and for a handle that no longer
     * fits its declaration (undeclared since, or now needing what the handle lacks).
     */
    public Optional<AttachmentHandle> verify(String token) {
        return signer.verify(PURPOSE, token).flatMap(claims -> {
            if (claims.get("type") == null || claims.get("name") == null) {
                return Optional.empty();
            }
            AttachmentHandle handle = new AttachmentHandle(claims.get("type"), claims.get("name"), claims.get("tenant"), claims.get("record_id"));
            try {
                AttachmentDeclaration declaration = declarations.require(handle.recordType(), handle.name());
                return missing(declaration, handle).isEmpty() ? Optional.of(handle) : Optional.empty();
            } catch (UndeclaredAttachmentException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Records the blob of a direct upload through a verified handle: in the declaration's service, at a
     * key of its template for the handle's tenant and record, once what the browser declared (size and
     * type) passes the declaration's rules. The bytes are checked again when the blob is attached.
     *
     * @throws AttachmentInvalidException listing every rule the declared file breaks; nothing is recorded
     */
    public Blob prepareDirectUpload(AttachmentHandle handle, String filename, long byteSize, Checksum checksum, String contentType,
            Map<String, String> metadata) {
        requireDeclaredRules(handle, filename, contentType, byteSize);
        return attacher.forTenant(handle.tenant()).prepareDirectUpload(handle.record().orElse(null),
                declarations.require(handle.recordType(), handle.name()), filename, byteSize, checksum, contentType, metadata);
    }

    /**
     * Checks what a browser declares of a direct upload through this handle (its size and type) against
     * the declaration's rules, before anything is recorded.
     *
     * @throws AttachmentInvalidException listing every rule the declared file breaks
     */
    public void requireDeclaredRules(AttachmentHandle handle, String filename, String contentType, long byteSize) {
        AttachmentDeclaration declaration = declarations.require(handle.recordType(), handle.name());
        List<Violation> broken = declaration.rules().checkDeclared(Filenames.sanitize(filename), contentType, byteSize);
        if (!broken.isEmpty()) {
            throw new AttachmentInvalidException(declaration.qualifiedName(), broken);
        }
    }

    /** What the declaration needs to make a key that the handle does not give, in words. */
    private static Optional<String> missing(AttachmentDeclaration declaration, AttachmentHandle handle) {
        KeyTemplate template = declaration.keyTemplate();
        String attachment = "attachment '" + declaration.qualifiedName() + "'";
        if (handle.recordId() == null && template != null && template.usesRecordId()) {
            return Optional.of(attachment + " makes keys with {record_id}: make its handle for a saved record");
        }
        if (handle.recordId() == null && declaration.service() != null && !(declaration.service() instanceof ServiceSelector.Fixed)) {
            return Optional.of(attachment + " chooses its service per record: make its handle for a saved record");
        }
        if (handle.tenant() == null && template != null && template.usesTenant()) {
            return Optional.of(attachment + " makes keys with {tenant}: make its handle with affix.forTenant(...)");
        }
        return Optional.empty();
    }
}

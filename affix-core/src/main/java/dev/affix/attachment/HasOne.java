package dev.affix.attachment;

import dev.affix.blob.Blob;
import dev.affix.checksum.Checksum;
import dev.affix.variant.NamedVariant;
import dev.affix.variant.Representation;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The one file of a record under a name, e.g. {@code affix.one(user, "avatar")}. */
public final class HasOne {

    private final Attacher attacher;
    private final RecordRef record;
    private final AttachmentDeclaration declaration;

    HasOne(Attacher attacher, RecordRef record, AttachmentDeclaration declaration) {
        this.attacher = attacher;
        this.record = record;
        this.declaration = declaration;
    }

    /** Attaches the source, replacing (and purging, unless used elsewhere) what was attached. */
    public Attachment attach(Attachable source) {
        return attacher.attachOne(record, declaration, source);
    }

    public Attachment attach(Path file) {
        return attach(Attachable.file(file));
    }

    public Attachment attach(InputStream stream, String filename) {
        return attach(Attachable.stream(stream, filename));
    }

    public Attachment attach(InputStream stream, String filename, String contentType) {
        return attach(Attachable.stream(stream, filename, contentType));
    }

    public Attachment attach(byte[] bytes, String filename) {
        return attach(Attachable.bytes(bytes, filename));
    }

    public Attachment attach(Blob blob) {
        return attach(Attachable.blob(blob));
    }

    /** Attaches the blob a form submitted after a direct upload. */
    public Attachment attachSigned(String signedId) {
        return attach(Attachable.signedId(signedId));
    }

    public Optional<Attachment> attachment() {
        List<Attachment> found = attacher.find(record, declaration.name());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    public Optional<Blob> blob() {
        return attachment().map(Attachment::blob);
    }

    /**
     * The declared variant {@code variantName} of the attached file (a preview's variant for a PDF or
     * video), known without processing; empty when nothing is attached.
     *
     * @throws dev.affix.attachment.UndeclaredAttachmentException if the declaration has no such variant
     * @throws dev.affix.variant.NotRepresentableException if the attached file has no variants or previews
     */
    public Optional<Representation> variant(String variantName) {
        NamedVariant variant = declaration.requireVariant(variantName);
        return blob().map(blob -> attacher.variants().representation(blob, variant.transformations()));
    }

    public boolean attached() {
        return attachment().isPresent();
    }

    /**
     * Records a blob for a browser to upload directly, in this slot's service and at a key made by
     * its template; the form then submits the blob's signed id, and attaching it fills the slot.
     */
    public Blob prepareDirectUpload(String filename, long byteSize, Checksum checksum, String contentType,
            Map<String, String> metadata) {
        return attacher.prepareDirectUpload(record, declaration, filename, byteSize, checksum, contentType, metadata);
    }

    /** Removes the attachment, keeping the blob. */
    public void detach() {
        attacher.detach(record, declaration, a -> true);
    }

    /** Removes the attachment and, unless another record uses it, the blob and its bytes. */
    public void purge() {
        attacher.purge(record, declaration, a -> true);
    }

    /** Removes the attachment and, unless another record uses it, the blob's row now; its bytes go in a background job. */
    public void purgeLater() {
        attacher.purgeLater(record, declaration, a -> true);
    }
}

package dev.affix.attachment;

import dev.affix.blob.Blob;
import dev.affix.checksum.Checksum;
import dev.affix.variant.Representation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The files of a record under a name, e.g. {@code affix.many(message, "images")}. */
public final class HasMany {

    private final Attacher attacher;
    private final RecordRef record;
    private final AttachmentDeclaration declaration;

    HasMany(Attacher attacher, RecordRef record, AttachmentDeclaration declaration) {
        this.attacher = attacher;
        this.record = record;
        this.declaration = declaration;
    }

    /** Appends the sources, in order. */
    public List<Attachment> attach(Attachable... sources) {
        return attach(Arrays.asList(sources));
    }

    public List<Attachment> attach(List<Attachable> sources) {
        return attacher.attachMany(record, declaration, sources);
    }

    /** Makes the sources the only attachments; blobs that drop out are purged unless used elsewhere. */
    public List<Attachment> replace(List<Attachable> sources) {
        return attacher.replaceMany(record, declaration, sources);
    }

    /** The attachments, oldest first. */
    public List<Attachment> attachments() {
        return attacher.find(record, declaration.name());
    }

    public List<Blob> blobs() {
        return attachments().stream().map(Attachment::blob).toList();
    }

    /**
     * The declared variant {@code variantName} of one of the attached files, known without processing.
     *
     * @throws UndeclaredAttachmentException if the declaration has no such variant
     * @throws dev.affix.variant.NotRepresentableException if the file has no variants or previews
     */
    public Representation variant(Blob blob, String variantName) {
        return attacher.variants().representation(blob, declaration.requireVariant(variantName).transformations());
    }

    public boolean attached() {
        return !attachments().isEmpty();
    }

    /**
     * Records a blob for a browser to upload directly, in this slot's service and at a key made by
     * its template; the form then submits the blob's signed id, and attaching it fills the slot.
     */
    public Blob prepareDirectUpload(String filename, long byteSize, Checksum checksum, String contentType,
            Map<String, String> metadata) {
        return attacher.prepareDirectUpload(record, declaration, filename, byteSize, checksum, contentType, metadata);
    }

    public void detach() {
        attacher.detach(record, declaration, a -> true);
    }

    public void detach(Blob blob) {
        attacher.detach(record, declaration, a -> a.blob().id() == blob.id());
    }

    public void purge() {
        attacher.purge(record, declaration, a -> true);
    }

    public void purge(Blob blob) {
        attacher.purge(record, declaration, a -> a.blob().id() == blob.id());
    }

    public void purgeLater() {
        attacher.purgeLater(record, declaration, a -> true);
    }
}

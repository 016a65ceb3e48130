package dev.affix.blob;

import dev.affix.attachment.Attachment;
import dev.affix.attachment.AttachmentRepository;
import dev.affix.attachment.RecordRef;
import dev.affix.db.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a blob's row together with what hangs off it, the way Rails does: its variants (a variant
 * record whose {@code image} attachment holds the variant's blob) and its preview (the
 * {@code preview_image} attachment of the blob, with that image's own variants). Rows go in the
 * caller's transaction; the bytes of every blob deleted are recorded for deletion after it commits.
 * Variants made by a Rails application sharing the tables go the same way.
 */
public final class BlobDeletion {

    /** The record type of a variant record, as Rails names it in the attachments table. */
    public static final String VARIANT_RECORD = "ActiveStorage::VariantRecord";
    /** The attachment name of a variant record's image. */
    public static final String VARIANT_IMAGE = "image";
    /** The record type of a blob that has an attachment of its own (its preview image). */
    public static final String BLOB_RECORD = "ActiveStorage::Blob";
    /** The attachment name of a blob's preview image. */
    public static final String PREVIEW_IMAGE = "preview_image";

    private final Schema schema;
    private final BlobRepository blobs;
    private final AttachmentRepository attachments;
    private final ByteJanitor janitor;

    public BlobDeletion(Schema schema, BlobRepository blobs, AttachmentRepository attachments, ByteJanitor janitor) {
        this.schema = schema;
        this.blobs = blobs;
        this.attachments = attachments;
        this.janitor = janitor;
    }

    /**
     * Deletes the blob's row and those of its variants and preview (unless another attachment uses
     * one of them), in the caller's transaction; returns the deletions of their bytes. Empty if the
     * blob's row was already gone.
     */
    public List<PendingDeletion> delete(Connection connection, Blob blob) throws SQLException {
        List<Blob> dependents = new ArrayList<>();
        List<Long> variantRecords = variantRecords(connection, blob.id());
        for (long record : variantRecords) {
            dependents.addAll(detach(connection, RecordRef.of(VARIANT_RECORD, record), VARIANT_IMAGE));
        }
        if (!variantRecords.isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + schema.variantRecords() + " WHERE blob_id = ?")) {
                delete.setLong(1, blob.id());
                delete.executeUpdate();
            }
        }
        dependents.addAll(detach(connection, RecordRef.of(BLOB_RECORD, blob.id()), PREVIEW_IMAGE));
        List<PendingDeletion> deletions = new ArrayList<>();
        for (Blob dependent : dependents) {
            if (!attachments.isAttached(connection, dependent.id())) {
                deletions.addAll(delete(connection, dependent));
            }
        }
        if (blobs.delete(connection, blob.id())) {
            deletions.add(janitor.rowDeleted(connection, blob));
        }
        return deletions;
    }

    private List<Blob> detach(Connection connection, RecordRef record, String name) throws SQLException {
        List<Blob> detached = new ArrayList<>();
        for (Attachment attachment : attachments.find(connection, record, name)) {
            attachments.delete(connection, attachment.id());
            detached.add(attachment.blob());
        }
        return detached;
    }

    private List<Long> variantRecords(Connection connection, long blobId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM " + schema.variantRecords() + " WHERE blob_id = ?")) {
            select.setLong(1, blobId);
            try (ResultSet rows = select.executeQuery()) {
                List<Long> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
                return ids;
            }
        }
    }
}

package dev.affix.variant;

import dev.affix.blob.Blob;
import dev.affix.blob.BlobDeletion;
import dev.affix.blob.BlobRepository;
import dev.affix.db.Dialect;
import dev.affix.db.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The variant records table, with the column set of Rails: one row per (blob, variation digest), whose
 * {@code image} attachment holds the variant's blob.
 */
final class VariantRecordRepository {

    private final Schema schema;
    private final String images;
    private final String listedImages;
    private final String previewVariants;

    VariantRecordRepository(Schema schema, Dialect dialect, BlobRepository blobs) {
        this.schema = schema;
        String recordId = schema.numericRecordIds() ? "vr.id" : dialect.asText("vr.id");
        String variantImage = " FROM " + schema.variantRecords() + " vr JOIN " + schema.attachments() + " a ON a.record_type = '"
                + BlobDeletion.VARIANT_RECORD + "' AND a.name = '" + BlobDeletion.VARIANT_IMAGE + "' AND a.record_id = " + recordId
                + " JOIN " + schema.blobs() + " b ON b.id = a.blob_id";
        this.images = "SELECT vr.blob_id, vr.variation_digest, " + blobs.columns("b") + variantImage;
        // united with the preview variants below, whose owner is a record id: text where record ids are
        this.listedImages = "SELECT " + (schema.numericRecordIds() ? "vr.blob_id" : dialect.asText("vr.blob_id")) + ", vr.variation_digest, "
                + blobs.columns("b") + variantImage;
        // the variants of blobs' preview images, keyed by the previewed blob (the preview attachment's record id)
        this.previewVariants = "SELECT p.record_id, vr.variation_digest, " + blobs.columns("b") + variantImage + " JOIN "
                + schema.attachments() + " p ON p.blob_id = vr.blob_id AND p.record_type = '" + BlobDeletion.BLOB_RECORD
                + "' AND p.name = '" + BlobDeletion.PREVIEW_IMAGE + "'";
    }

    /** The image of the blob's variant with this digest, if it has been made. */
    Optional<Blob> image(Connection connection, long blobId, String digest) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(images + " WHERE vr.blob_id = ? AND vr.variation_digest = ?")) {
            select.setLong(1, blobId);
            select.setString(2, digest);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(BlobRepository.read(rows, 3)) : Optional.empty();
            }
        }
    }

    /** Whether the blob has a variant record with this digest (made, or being made by another transaction that committed it). */
    Optional<Long> find(Connection connection, long blobId, String digest) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM " + schema.variantRecords()
                + " WHERE blob_id = ? AND variation_digest = ?")) {
            select.setLong(1, blobId);
            select.setString(2, digest);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        }
    }

    long insert(Connection connection, long blobId, String digest) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema.variantRecords()
                + " (blob_id, variation_digest) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, blobId);
            insert.setString(2, digest);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    void delete(Connection connection, long id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + schema.variantRecords() + " WHERE id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
        }
    }

    /**
     * The made variants of many blobs, and of their preview images, in one statement: by blob id, then
     * by variation digest. A blob's preview variants are listed under the blob itself.
     */
    Map<Long, Map<String, Blob>> images(Connection connection, Collection<Long> blobIds) throws SQLException {
        Map<Long, Map<String, Blob>> result = new HashMap<>();
        if (blobIds.isEmpty()) {
            return result;
        }
        String marks = String.join(", ", Collections.nCopies(blobIds.size(), "?"));
        String sql = listedImages + " WHERE vr.blob_id IN (" + marks + ") UNION ALL " + previewVariants + " WHERE p.record_id IN (" + marks + ")";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int index = 1;
            for (long id : blobIds) {
                select.setLong(index++, id);
            }
            for (long id : blobIds) {
                if (schema.numericRecordIds()) {
                    select.setLong(index++, id);
                } else {
                    select.setString(index++, Long.toString(id));
                }
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long owner = Long.parseLong(rows.getString(1).trim());
                    result.computeIfAbsent(owner, k -> new HashMap<>()).put(rows.getString(2), BlobRepository.read(rows, 3));
                }
            }
        }
        return result;
    }
}

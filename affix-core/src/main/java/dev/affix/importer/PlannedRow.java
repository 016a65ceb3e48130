package dev.affix.importer;

import dev.affix.checksum.Checksum;
import java.time.Instant;

/**
 * A row whose values passed the checks: where its object is ({@code sourceService}, {@code sourceKey}),
 * where its blob will point ({@code targetService}, {@code targetKey}: the same when adopting), and
 * what the row says of it. {@code declaredSize} and {@code fingerprint} are null when the row has none
 * (or, for the fingerprint, none that is an MD5).
 */
record PlannedRow(String attachment, String recordId, String sourceService, String sourceKey, String targetService, String targetKey,
        String filename, String originalFilename, String declaredContentType, Long declaredSize, Checksum fingerprint,
        Instant createdAt) {

    boolean adopted() {
        return sourceService.equals(targetService) && sourceKey.equals(targetKey);
    }

    /** This row, left out for {@code reason}. */
    ImportProblem problem(ImportProblem.Kind kind, String reason) {
        return new ImportProblem(kind, attachment, recordId, sourceKey, reason);
    }
}

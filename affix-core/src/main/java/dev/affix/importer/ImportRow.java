package dev.affix.importer;

import dev.affix.blob.BlobRepository;

/**
 * A row ready to be written: its record and the blob row, with every fact known, and how those
 * facts were learned (for the summary). {@code staleColumns}: the row's size or fingerprint
 * disagreed with the object, whose own facts were recorded.
 */
record ImportRow(PlannedRow planned, BlobRepository.NewRow blob, boolean sizeFetched, boolean checksumComputed, boolean staleColumns,
        boolean hardLinked) {
}

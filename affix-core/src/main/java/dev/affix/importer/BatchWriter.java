package dev.affix.importer;

import dev.affix.db.DataSourceDatabase;
import dev.affix.db.DatabaseException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a prepared batch in one transaction, so that a blob never exists without its attachment; in
 * a dry run, runs the same checks and writes nothing.
 */
final class BatchWriter {

    private static final int ATTEMPTS = 3;

    /** What the write of a batch came to. */
    record Written(List<ImportRow> imported, int alreadyPresent, List<ImportProblem> problems) {
    }

    private final DataSourceDatabase database;
    private final BatchSql sql;
    private final PaperclipImport.Settings settings;

    BatchWriter(DataSourceDatabase database, BatchSql sql, PaperclipImport.Settings settings) {
        this.database = database;
        this.sql = sql;
        this.settings = settings;
    }

    Written write(PreparedBatch batch) {
        if (settings.dryRun()) {
            return database.inTransaction(c -> judge(c, batch));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return database.inTransaction(c -> write(c, batch));
            } catch (DatabaseException e) {
                // a key or a slot that a concurrent writer took since the checks: the next attempt sees it
                boolean retryable = e.sqlState().startsWith("23") || e.sqlState().startsWith("40");
                if (!retryable || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Locks the records' slots (as an attach does), leaves out records that got an attachment
     * meanwhile and keys a blob has, inserts the blobs, gives up those whose object a committed
     * deletion is waiting to delete (checked after the insert, which waited for any transaction deleting
     * a blob at the same key), then inserts the attachments. A copy made for a row left out here keeps
     * its reservation, and is deleted once that is due, as an abandoned upload's bytes are.
     */
    private Written write(Connection c, PreparedBatch batch) throws SQLException {
        ImportPass pass = batch.pass();
        sql.preferIndexes(c);
        List<ImportRow> rows = new ArrayList<>(batch.ready());
        // the same lock order in every batch and every concurrent import
        rows.sort(Comparator.comparing(row -> row.planned().recordId()));
        List<String> recordIds = rows.stream().map(row -> row.planned().recordId()).toList();
        sql.lockSlots(c, pass.recordType(), pass.name(), recordIds);
        Set<String> present = sql.attached(c, pass.recordType(), pass.name(), recordIds);
        rows.removeIf(row -> present.contains(row.planned().recordId()));
        List<ImportProblem> problems = new ArrayList<>();
        if (settings.copy()) {
            problems.addAll(keepCopies(c, rows, batch.notCopied()));
        } else {
            problems.addAll(leaveOutTakenKeys(c, rows));
        }
        Map<String, Long> blobIds = sql.insertBlobs(c, rows.stream().map(ImportRow::blob).toList());
        if (!settings.copy()) {
            problems.addAll(leaveOutPendingDeletions(c, rows, blobIds));
        }
        sql.insertAttachments(c, pass.recordType(), pass.name(), rows.stream()
                .map(row -> new BatchSql.Attaching(row.planned().recordId(), blobIds.get(row.blob().key()), row.blob().createdAt()))
                .toList());
        return new Written(rows, present.size(), problems);
    }

    /** A dry run's write: the same checks, nothing locked or written. */
    private Written judge(Connection c, PreparedBatch batch) throws SQLException {
        sql.preferIndexes(c);
        List<ImportRow> rows = new ArrayList<>(batch.ready());
        Set<String> present = sql.attached(c, batch.pass().recordType(), batch.pass().name(),
                rows.stream().map(row -> row.planned().recordId()).toList());
        rows.removeIf(row -> present.contains(row.planned().recordId()));
        List<ImportProblem> problems = new ArrayList<>();
        if (!settings.copy()) {
            problems.addAll(leaveOutTakenKeys(c, rows));
            Set<BatchSql.ServiceKey> pending = sql.pendingDeletions(c, keysOf(rows), false);
            List<ImportRow> doomed = rows.stream().filter(row -> pending.contains(BatchSql.ServiceKey.targetOf(row.planned()))).toList();
            rows.removeAll(doomed);
            doomed.forEach(row -> problems.add(pendingDeletion(row)));
        }
        return new Written(rows, present.size(), problems);
    }

    private List<ImportProblem> leaveOutTakenKeys(Connection c, List<ImportRow> rows) throws SQLException {
        Map<String, Long> taken = sql.blobsAt(c, keysOf(rows));
        List<ImportProblem> problems = new ArrayList<>();
        rows.removeIf(row -> {
            Long blob = taken.get(row.blob().key());
            if (blob != null) {
                problems.add(row.planned().problem(ImportProblem.Kind.KEY_CONFLICT, "blob " + blob + " already has key '"
                        + row.blob().key() + "'; an object is adopted by one blob only"));
            }
            return blob != null;
        });
        return problems;
    }

    private List<ImportProblem> leaveOutPendingDeletions(Connection c, List<ImportRow> rows, Map<String, Long> blobIds) throws SQLException {
        Set<BatchSql.ServiceKey> pending = sql.pendingDeletions(c, keysOf(rows), true);
        List<ImportRow> doomed = rows.stream().filter(row -> pending.contains(BatchSql.ServiceKey.targetOf(row.planned()))).toList();
        sql.deleteBlobs(c, doomed.stream().map(row -> blobIds.get(row.blob().key())).toList());
        rows.removeAll(doomed);
        return doomed.stream().map(BatchWriter::pendingDeletion).toList();
    }

    private static ImportProblem pendingDeletion(ImportRow row) {
        return row.planned().problem(ImportProblem.Kind.KEY_CONFLICT, "the object at key '" + row.blob().key()
                + "' in service '" + row.blob().serviceName() + "' is waiting to be deleted (a blob that had it was purged); it is not adopted");
    }

    /**
     * Keeps the copies of the rows being written, and cancels the reservations of copies that failed
     * (nothing of them was stored); a copy whose reservation a cleanup took may be gone, and its row is
     * left out.
     */
    private List<ImportProblem> keepCopies(Connection c, List<ImportRow> rows, List<BatchSql.ServiceKey> notCopied) throws SQLException {
        List<BatchSql.ServiceKey> objects = new ArrayList<>(notCopied);
        rows.forEach(row -> objects.add(BatchSql.ServiceKey.targetOf(row.planned())));
        Set<BatchSql.ServiceKey> taken = sql.cancelReservations(c, objects);
        List<ImportProblem> problems = new ArrayList<>();
        rows.removeIf(row -> {
            boolean lost = taken.contains(BatchSql.ServiceKey.targetOf(row.planned()));
            if (lost) {
                problems.add(row.planned().problem(ImportProblem.Kind.FAILED, "the copy at key '" + row.blob().key()
                        + "' was taken for abandoned by a cleanup before its blob was recorded; run the import again"));
            }
            return lost;
        });
        return problems;
    }

    private static List<String> keysOf(List<ImportRow> rows) {
        return rows.stream().map(row -> row.blob().key()).toList();
    }
}

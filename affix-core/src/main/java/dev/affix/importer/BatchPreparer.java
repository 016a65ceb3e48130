package dev.affix.importer;

import dev.affix.blob.ByteJanitor;
import dev.affix.db.DataSourceDatabase;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes the batches of an import, ahead of their transactions: reads the rows of each attachment
 * through one cursor, judges them, leaves out records that already have an attachment, reserves the new keys of copies, and looks the objects up (or
 * copies them).
 */
final class BatchPreparer {

    private final DataSourceDatabase database;
    private final BatchSql sql;
    private final PaperclipImport.Settings settings;
    private final ObjectInspector inspector;
    private final Clock clock;

    BatchPreparer(DataSourceDatabase database, BatchSql sql, PaperclipImport.Settings settings, ObjectInspector inspector, Clock clock) {
        this.database = database;
        this.sql = sql;
        this.settings = settings;
        this.inspector = inspector;
        this.clock = clock;
    }

    /** Every batch of every pass, in order, into {@code sink}. */
    void produce(List<ImportPass> passes, Prefetcher.Sink<PreparedBatch> sink) throws SQLException, InterruptedException {
        for (ImportPass pass : passes) {
            try (SourceRows rows = SourceRows.open(database.dataSource(), pass.table(), pass.columns(), settings.batchSize())) {
                for (List<SourceRow> batch = rows.next(settings.batchSize()); !batch.isEmpty(); batch = rows.next(settings.batchSize())) {
                    sink.put(prepare(pass, batch));
                }
            }
        }
    }

    private PreparedBatch prepare(ImportPass pass, List<SourceRow> batch) throws InterruptedException {
        List<ImportProblem> problems = new ArrayList<>();
        List<PlannedRow> planned = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (SourceRow row : batch) {
            try {
                PlannedRow plannedRow = pass.checks().plan(row);
                if (!settings.copy() && !keys.add(plannedRow.sourceKey())) {
                    throw new RowRefusedException("another row of the table has the same key; an object is adopted by one blob only");
                }
                planned.add(plannedRow);
            } catch (RowRefusedException e) {
                problems.add(new ImportProblem(ImportProblem.Kind.INVALID_ROW, pass.name(), row.id(), null, e.getMessage()));
            }
        }
        // a run after a stop looks up nothing twice; the first run of a slot has nothing to look for
        Set<String> present = !pass.attachedBefore() ? Set.of() : database.inTransaction(c -> {
            sql.preferIndexes(c);
            return sql.attached(c, pass.recordType(), pass.name(), planned.stream().map(PlannedRow::recordId).toList());
        });
        planned.removeIf(row -> present.contains(row.recordId()));
        if (settings.copy() && !settings.dryRun()) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            database.inTransaction(c -> {
                sql.reserve(c, planned.stream().map(BatchSql.ServiceKey::targetOf).toList(), now, now.plus(ByteJanitor.UPLOAD_GRACE));
                return null;
            });
        }
        ObjectInspector.Inspection inspection = inspector.inspect(planned);
        problems.addAll(inspection.problems());
        Set<BatchSql.ServiceKey> copied = new HashSet<>(inspection.ready().stream().map(row -> BatchSql.ServiceKey.targetOf(row.planned()))
                .toList());
        List<BatchSql.ServiceKey> notCopied = settings.copy() ? planned.stream().map(BatchSql.ServiceKey::targetOf)
                .filter(target -> !copied.contains(target)).toList() : List.of();
        return new PreparedBatch(pass, batch.size(), problems, present.size(), inspection.ready(), notCopied);
    }
}

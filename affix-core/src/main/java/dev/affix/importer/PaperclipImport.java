package dev.affix.importer;

import dev.affix.AffixException;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.Declarations;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.BlobRepository;
import dev.affix.blob.ByteJanitor;
import dev.affix.blob.ContentTypeIdentifier;
import dev.affix.db.DataSourceDatabase;
import dev.affix.db.DatabaseException;
import dev.affix.db.Schema;
import dev.affix.storage.StorageServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Imports the files of a table with Paperclip's columns as blobs and attachments, in bulk: each
 * batch of rows is read through one cursor, judged, its objects looked up (or copied) with bounded
 * concurrency, and its blobs and attachments written with multi-row statements in one transaction,
 * so that a blob never exists without its attachment. Rows whose record already has an attachment
 * under the name are left as they are, so that an import killed at any point continues where it
 * stopped when run again, and a finished one imports nothing more.
 *
 * <p>Content types: Paperclip's column holds what a browser claimed. Where the import reads an
 * object's bytes anyway (to compute a missing checksum, or to copy it), the type is identified from
 * its first bytes and the blob is marked {@code identified: true}; elsewhere the column's type is kept
 * if it is a well-formed media type (else one is guessed from the file name) and the blob is marked
 * {@code identified: false}. Serving never trusts a stored type: types a browser would run go out as
 * binary attachments, with {@code nosniff} and a sandboxing policy, so a lying column cannot become
 * a script in the application's origin.
 */
public final class PaperclipImport {

    private static final int MAX_RECORD_TYPE_LENGTH = 255;
    private static final Pattern RUBY_CLASS_NAME = Pattern.compile("[A-Z][A-Za-z0-9_]*(::[A-Z][A-Za-z0-9_]*)*");
    private static final int WRITE_ATTEMPTS = 3;
    /** Statistics are refreshed when the rows written reach this, then each time they have doubled. */
    private static final long FIRST_STATISTICS_REFRESH = 1000;

    /**
     * What to import.
     *
     * @param table        the table with Paperclip's columns, in Affix's database
     * @param recordType   the record type, which is also the Ruby class name that {@code :class} pluralizes
     * @param attachments  the attachments (column prefixes) to import; empty: every {@code *_file_name} column
     * @param idColumn     the table's id column, the records' ids
     * @param pathTemplate Paperclip's path template, which gives each object's key
     * @param style        the style whose files are imported (Paperclip's {@code :style})
     * @param service      the service the objects are in; null: each declaration's service
     * @param copy         copy the objects to new keys (the declaration's key template, else random) rather than adopt them
     * @param dryRun       judge every row and look objects up, but write nothing and read no bytes
     * @param concurrency  requests to the storage services at once
     * @param batchSize    rows per batch and per transaction
     */
    public record Settings(String table, String recordType, List<String> attachments, String idColumn, String pathTemplate, String style,
            String service, boolean copy, boolean dryRun, int concurrency, int batchSize) {

        public static final int MAX_BATCH_SIZE = 5000;

        public Settings {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(recordType, "recordType");
            attachments = attachments == null ? List.of() : List.copyOf(new LinkedHashSet<>(attachments));
            idColumn = idColumn == null ? "id" : idColumn;
            pathTemplate = pathTemplate == null ? PaperclipPath.DEFAULT_TEMPLATE : pathTemplate;
            style = style == null ? "original" : style;
            if (concurrency < 1) {
                throw new IllegalArgumentException("the concurrency must be at least 1, not " + concurrency);
            }
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("the batch size must be between 1 and " + MAX_BATCH_SIZE + ", not " + batchSize);
            }
        }

        /** Every attachment of the table, adopted where it is, by the default path; 16 requests at once, 1,000 rows a batch. */
        public static Settings of(String table, String recordType) {
            return new Settings(table, recordType, List.of(), null, null, null, null, false, false, 16, 1000);
        }

        public Settings withAttachments(List<String> value) {
            return new Settings(table, recordType, value, idColumn, pathTemplate, style, service, copy, dryRun, concurrency, batchSize);
        }

        public Settings withIdColumn(String value) {
            return new Settings(table, recordType, attachments, value, pathTemplate, style, service, copy, dryRun, concurrency, batchSize);
        }

        public Settings withPathTemplate(String value) {
            return new Settings(table, recordType, attachments, idColumn, value, style, service, copy, dryRun, concurrency, batchSize);
        }

        public Settings withStyle(String value) {
            return new Settings(table, recordType, attachments, idColumn, pathTemplate, value, service, copy, dryRun, concurrency, batchSize);
        }

        public Settings withService(String value) {
            return new Settings(table, recordType, attachments, idColumn, pathTemplate, style, value, copy, dryRun, concurrency, batchSize);
        }

        public Settings withCopy(boolean value) {
            return new Settings(table, recordType, attachments, idColumn, pathTemplate, style, service, value, dryRun, concurrency, batchSize);
        }

        public Settings withDryRun(boolean value) {
            return new Settings(table, recordType, attachments, idColumn, pathTemplate, style, service, copy, value, concurrency, batchSize);
        }

        public Settings withConcurrency(int value) {
            return new Settings(table, recordType, attachments, idColumn, pathTemplate, style, service, copy, dryRun, value, batchSize);
        }

        public Settings withBatchSize(int value) {
            return new Settings(table, recordType, attachments, idColumn, pathTemplate, style, service, copy, dryRun, concurrency, value);
        }
    }

    /**
     * What an import did (in a dry run: would do). Rows left out are counted by kind and were each
     * told to the listener.
     *
     * @param imported          rows given a blob and an attachment
     * @param alreadyPresent    rows whose record already had an attachment under the name
     * @param sizesFetched      imported rows whose size came from the service, the row having none
     * @param checksumsComputed imported rows whose bytes were read for their checksum (in a dry run: would be)
     * @param staleColumns      imported rows whose size or fingerprint disagreed with the object, whose own facts were recorded
     * @param hardLinks         copies made as hard links
     */
    public record Result(boolean dryRun, long imported, long alreadyPresent, long missingObjects, long invalidRows, long keyConflicts,
            long failed, long sizesFetched, long checksumsComputed, long staleColumns, long hardLinks, Duration elapsed) {
    }

    /** One attachment of the table, ready to import. */
    private record Pass(PaperclipTable table, AttachmentDeclaration declaration, PaperclipTable.Columns columns, RowChecks checks,
            long rows) {
    }

    /** What the write of a batch came to. */
    private record Written(List<ImportRow> imported, int alreadyPresent, List<ImportProblem> problems) {
    }

    private final DataSourceDatabase database;
    private final Schema schema;
    private final BatchSql sql;
    private final StorageServices services;
    private final Declarations declarations;
    private final Clock clock;
    private final ContentTypeIdentifier identifier = new ContentTypeIdentifier();

    public PaperclipImport(DataSourceDatabase database, Schema schema, StorageServices services, Declarations declarations, Clock clock) {
        this.database = database;
        this.schema = schema;
        this.sql = new BatchSql(schema, database.dialect());
        this.services = services;
        this.declarations = declarations;
        this.clock = clock;
    }

    /**
     * Imports the table's files. Everything that can be checked before the first row (the table and
     * its columns, the declarations, the path template, the services) is checked first, and a
     * problem there refuses the whole import with {@link ImportRefusedException} (or an
     * {@link dev.affix.attachment.UndeclaredAttachmentException} or a
     * {@link dev.affix.config.ConfigurationException}) before anything is written.
     */
    public Result run(Settings settings, ImportListener listener) {
        long start = System.nanoTime();
        List<Pass> passes = database.read(c -> plan(c, settings));
        listener.started(passes.stream().mapToLong(Pass::rows).sum());
        ImportTally tally = new ImportTally(listener);
        refreshStatistics();
        try (ObjectInspector inspector = new ObjectInspector(services, identifier, settings.concurrency(), settings.dryRun())) {
            for (Pass pass : passes) {
                importRows(settings, pass, inspector, tally, listener);
            }
        } catch (SQLException e) {
            throw new DatabaseException("reading table " + settings.table() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AffixException("the import was interrupted; what was committed stays, and running it again continues", e);
        }
        return tally.result(settings.dryRun(), Duration.ofNanos(System.nanoTime() - start));
    }

    private List<Pass> plan(Connection connection, Settings settings) throws SQLException {
        requireValidRecordType(settings.recordType());
        if (settings.service() != null) {
            services.get(settings.service());
        }
        PaperclipTable table = PaperclipTable.inspect(connection, settings.table(), settings.idColumn());
        List<String> names = settings.attachments().isEmpty() ? table.attachments() : settings.attachments();
        if (names.isEmpty()) {
            throw new ImportRefusedException("table " + settings.table() + " has no Paperclip columns (NAME_file_name)");
        }
        List<Pass> passes = new ArrayList<>();
        for (String name : names) {
            PaperclipTable.Columns columns = table.columns(name);
            AttachmentDeclaration declaration = declarations.require(settings.recordType(), name);
            PaperclipPath path = PaperclipPath.parse(settings.pathTemplate(), settings.recordType(), name, settings.style());
            requireColumnsFor(path, columns, table);
            if (path.uses(PaperclipPath.Interpolation.CLASS) && !RUBY_CLASS_NAME.matcher(settings.recordType()).matches()) {
                throw new ImportRefusedException("record type '" + settings.recordType() + "' is not a Ruby class name, which :class "
                        + "in the path template needs (e.g. User, Admin::User)");
            }
            if (settings.copy() && declaration.keyTemplate() != null && declaration.keyTemplate().usesTenant()) {
                throw new ImportRefusedException("attachment '" + declaration.qualifiedName() + "' makes keys with {tenant}, which an "
                        + "import does not know: copy into a declaration without it, or adopt the objects where they are");
            }
            RowChecks checks = new RowChecks(declaration, path, table.numericIds(), schema.numericRecordIds(), settings.copy(),
                    rowServices(settings, declaration), identifier, clock);
            passes.add(new Pass(table, declaration, columns, checks, table.countWithFiles(connection, columns)));
        }
        return passes;
    }

    private static void requireValidRecordType(String recordType) {
        if (recordType.isBlank() || recordType.length() > MAX_RECORD_TYPE_LENGTH || recordType.chars().anyMatch(Character::isISOControl)) {
            throw new ImportRefusedException("record type '" + recordType + "' must be 1 to " + MAX_RECORD_TYPE_LENGTH
                    + " characters without control characters");
        }
    }

    private static void requireColumnsFor(PaperclipPath path, PaperclipTable.Columns columns, PaperclipTable table) {
        String prefix = columns.attachment().toLowerCase(Locale.ROOT);
        if (path.uses(PaperclipPath.Interpolation.FINGERPRINT) && columns.fingerprint() == null) {
            throw new ImportRefusedException("path template '" + path + "' uses :fingerprint, and table " + table.name() + " has no column "
                    + prefix + "_fingerprint");
        }
        if (path.uses(PaperclipPath.Interpolation.UPDATED_AT) && columns.updatedAt() == null) {
            throw new ImportRefusedException("path template '" + path + "' uses :updated_at, and table " + table.name() + " has no column "
                    + prefix + "_updated_at");
        }
    }

    /** The service each row's object is in (--service, else the declaration's), and the one a copy goes to (the declaration's). */
    private RowChecks.Services rowServices(Settings settings, AttachmentDeclaration declaration) {
        String defaultService = services.defaultService().name();
        return new RowChecks.Services() {
            @Override
            public String sourceFor(RecordRef record) {
                return settings.service() != null ? settings.service() : targetFor(record);
            }

            @Override
            public String targetFor(RecordRef record) {
                String chosen = declaration.serviceFor(record, null);
                return chosen == null ? defaultService : chosen;
            }
        };
    }

    private void importRows(Settings settings, Pass pass, ObjectInspector inspector, ImportTally tally, ImportListener listener)
            throws SQLException, InterruptedException {
        long refreshAt = FIRST_STATISTICS_REFRESH;
        try (SourceRows rows = SourceRows.open(database.dataSource(), pass.table(), pass.columns(), settings.batchSize())) {
            for (List<SourceRow> batch = rows.next(settings.batchSize()); !batch.isEmpty(); batch = rows.next(settings.batchSize())) {
                importBatch(settings, pass, batch, inspector, tally);
                if (!settings.dryRun() && tally.imported() >= refreshAt) {
                    refreshStatistics();
                    refreshAt = tally.imported() * 2;
                }
                listener.progressed(batch.size());
            }
        }
    }

    private void refreshStatistics() {
        database.read(c -> {
            sql.refreshStatistics(c);
            return null;
        });
    }

    private void importBatch(Settings settings, Pass pass, List<SourceRow> batch, ObjectInspector inspector, ImportTally tally)
            throws InterruptedException {
        String recordType = pass.declaration().recordType();
        String name = pass.declaration().name();
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
                problems.add(new ImportProblem(ImportProblem.Kind.INVALID_ROW, name, row.id(), null, e.getMessage()));
            }
        }
        // records done by an earlier run are not looked up in storage again
        Set<String> present = database.inTransaction(c -> {
            sql.preferIndexes(c);
            return sql.attached(c, recordType, name, planned.stream().map(PlannedRow::recordId).toList());
        });
        planned.removeIf(row -> present.contains(row.recordId()));
        int alreadyPresent = present.size();
        if (settings.copy() && !settings.dryRun()) {
            Instant now = now();
            database.inTransaction(c -> {
                sql.reserve(c, planned.stream().map(PaperclipImport::target).toList(), now, now.plus(ByteJanitor.UPLOAD_GRACE));
                return null;
            });
        }
        ObjectInspector.Inspection inspection = inspector.inspect(planned);
        problems.addAll(inspection.problems());
        Set<BatchSql.ServiceKey> copied = new HashSet<>(inspection.ready().stream().map(row -> target(row.planned())).toList());
        List<BatchSql.ServiceKey> notCopied = planned.stream().map(PaperclipImport::target).filter(t -> !copied.contains(t)).toList();
        Written written = write(settings, pass, inspection.ready(), notCopied);
        problems.addAll(written.problems());
        tally.alreadyPresent(alreadyPresent + written.alreadyPresent());
        tally.imported(written.imported());
        tally.problems(problems);
    }

    /** @param notCopied when copying: the new keys of rows whose copy failed, which hold nothing */
    private Written write(Settings settings, Pass pass, List<ImportRow> ready, List<BatchSql.ServiceKey> notCopied) {
        if (settings.dryRun()) {
            return database.inTransaction(c -> judge(c, settings, pass, ready));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return database.inTransaction(c -> write(c, settings, pass, ready, notCopied));
            } catch (DatabaseException e) {
                // a key or a slot that a concurrent writer took since the checks: the next attempt sees it
                boolean retryable = e.sqlState().startsWith("23") || e.sqlState().startsWith("40");
                if (!retryable || attempt == WRITE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Writes a batch in one transaction: locks the records' slots (as an attach does), leaves out
     * records that got an attachment meanwhile and keys a blob has, inserts the blobs, gives up those
     * whose object a committed deletion is waiting to delete (checked after the insert, which waited for
     * any transaction deleting a blob at the same key), then inserts the attachments.
     */
    private Written write(Connection c, Settings settings, Pass pass, List<ImportRow> ready, List<BatchSql.ServiceKey> notCopied)
            throws SQLException {
        String recordType = pass.declaration().recordType();
        String name = pass.declaration().name();
        sql.preferIndexes(c);
        List<ImportRow> rows = new ArrayList<>(ready);
        rows.sort(Comparator.comparing(row -> row.planned().recordId()));
        List<String> recordIds = rows.stream().map(row -> row.planned().recordId()).toList();
        sql.lockSlots(c, recordType, name, recordIds);
        Set<String> present = sql.attached(c, recordType, name, recordIds);
        rows.removeIf(row -> present.contains(row.planned().recordId()));
        List<ImportProblem> problems = new ArrayList<>();
        if (settings.copy()) {
            problems.addAll(keepCopies(c, rows, notCopied));
        } else {
            problems.addAll(leaveOutTakenKeys(c, rows));
        }
        Map<String, Long> blobIds = sql.insertBlobs(c, rows.stream().map(ImportRow::blob).toList());
        if (!settings.copy()) {
            problems.addAll(leaveOutPendingDeletions(c, rows, blobIds));
        }
        sql.insertAttachments(c, recordType, name, rows.stream()
                .map(row -> new BatchSql.Attaching(row.planned().recordId(), blobIds.get(row.blob().key()), row.blob().createdAt()))
                .toList());
        return new Written(rows, present.size(), problems);
    }

    /** A dry run's write: the same checks, read only, nothing locked or written. */
    private Written judge(Connection c, Settings settings, Pass pass, List<ImportRow> ready) throws SQLException {
        sql.preferIndexes(c);
        List<ImportRow> rows = new ArrayList<>(ready);
        Set<String> present = sql.attached(c, pass.declaration().recordType(), pass.declaration().name(),
                rows.stream().map(row -> row.planned().recordId()).toList());
        rows.removeIf(row -> present.contains(row.planned().recordId()));
        List<ImportProblem> problems = new ArrayList<>();
        if (!settings.copy()) {
            problems.addAll(leaveOutTakenKeys(c, rows));
            Map<BatchSql.ServiceKey, List<Long>> pending = sql.pendingDeletions(c, keysOf(rows), false);
            List<ImportRow> doomed = rows.stream().filter(row -> pending.containsKey(target(row.planned()))).toList();
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
                problems.add(ObjectInspector.problem(row.planned(), ImportProblem.Kind.KEY_CONFLICT, "blob " + blob + " already has key '"
                        + row.blob().key() + "'; an object is adopted by one blob only"));
            }
            return blob != null;
        });
        return problems;
    }

    private List<ImportProblem> leaveOutPendingDeletions(Connection c, List<ImportRow> rows, Map<String, Long> blobIds) throws SQLException {
        Map<BatchSql.ServiceKey, List<Long>> pending = sql.pendingDeletions(c, keysOf(rows), true);
        List<ImportRow> doomed = rows.stream().filter(row -> pending.containsKey(target(row.planned()))).toList();
        sql.deleteBlobs(c, doomed.stream().map(row -> blobIds.get(row.blob().key())).toList());
        rows.removeAll(doomed);
        return doomed.stream().map(PaperclipImport::pendingDeletion).toList();
    }

    private static ImportProblem pendingDeletion(ImportRow row) {
        return ObjectInspector.problem(row.planned(), ImportProblem.Kind.KEY_CONFLICT, "the object at key '" + row.blob().key()
                + "' in service '" + row.blob().serviceName() + "' is waiting to be deleted (a blob that had it was purged); it is not adopted");
    }

    /**
     * Keeps the copies of the rows being written, and cancels the reservations of copies that failed
     * (nothing of them was stored); a copy whose reservation a cleanup took may be gone, and its row is
     * left out.
     */
    private List<ImportProblem> keepCopies(Connection c, List<ImportRow> rows, List<BatchSql.ServiceKey> notCopied) throws SQLException {
        List<BatchSql.ServiceKey> objects = new ArrayList<>(notCopied);
        rows.forEach(row -> objects.add(target(row.planned())));
        Set<BatchSql.ServiceKey> taken = sql.cancelReservations(c, objects);
        List<ImportProblem> problems = new ArrayList<>();
        rows.removeIf(row -> {
            boolean lost = taken.contains(target(row.planned()));
            if (lost) {
                problems.add(ObjectInspector.problem(row.planned(), ImportProblem.Kind.FAILED, "the copy at key '" + row.blob().key()
                        + "' was taken for abandoned by a cleanup before its blob was recorded; run the import again"));
            }
            return lost;
        });
        return problems;
    }

    private static BatchSql.ServiceKey target(PlannedRow row) {
        return new BatchSql.ServiceKey(row.targetService(), row.targetKey());
    }

    private static List<String> keysOf(List<ImportRow> rows) {
        return rows.stream().map(row -> row.blob().key()).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

package dev.affix.importer;

import dev.affix.AffixException;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.Declarations;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.ContentTypeIdentifier;
import dev.affix.db.DataSourceDatabase;
import dev.affix.db.DatabaseException;
import dev.affix.db.Schema;
import dev.affix.storage.StorageServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
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
        List<ImportPass> passes = database.read(c -> plan(c, settings));
        listener.started(passes.stream().mapToLong(ImportPass::rows).sum());
        ImportTally tally = new ImportTally(listener);
        BatchWriter writer = new BatchWriter(database, sql, settings);
        refreshStatistics();
        long refreshAt = FIRST_STATISTICS_REFRESH;
        try (ObjectInspector inspector = new ObjectInspector(services, identifier, settings.concurrency(), settings.dryRun());
             Prefetcher<PreparedBatch> batches = new Prefetcher<>("affix-import-reader", 2,
                     sink -> new BatchPreparer(database, sql, settings, inspector, clock).produce(passes, sink))) {
            for (PreparedBatch batch = batches.next(); batch != null; batch = batches.next()) {
                BatchWriter.Written written = writer.write(batch);
                tally.alreadyPresent(batch.alreadyPresent() + written.alreadyPresent());
                tally.imported(written.imported());
                tally.problems(batch.problems());
                tally.problems(written.problems());
                if (!settings.dryRun() && tally.imported() >= refreshAt) {
                    refreshStatistics();
                    refreshAt = tally.imported() * 2;
                }
                listener.progressed(batch.rows());
            }
        } catch (ExecutionException e) {
            throw preparationFailed(settings, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AffixException("the import was interrupted; what was committed stays, and running it again continues", e);
        }
        return tally.result(settings.dryRun(), Duration.ofNanos(System.nanoTime() - start));
    }

    private static RuntimeException preparationFailed(Settings settings, Throwable cause) {
        if (cause instanceof SQLException sql) {
            return new DatabaseException("reading table " + settings.table() + " failed", sql);
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new AffixException("preparing a batch of the import failed: " + cause, cause);
    }

    private void refreshStatistics() {
        database.read(c -> {
            sql.refreshStatistics(c);
            return null;
        });
    }

    private List<ImportPass> plan(Connection connection, Settings settings) throws SQLException {
        requireValidRecordType(settings.recordType());
        if (settings.service() != null) {
            services.get(settings.service());
        }
        PaperclipTable table = PaperclipTable.inspect(connection, settings.table(), settings.idColumn());
        List<String> names = settings.attachments().isEmpty() ? table.attachments() : settings.attachments();
        if (names.isEmpty()) {
            throw new ImportRefusedException("table " + settings.table() + " has no Paperclip columns (NAME_file_name)");
        }
        List<ImportPass> passes = new ArrayList<>();
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
            passes.add(new ImportPass(table, declaration, columns, checks, table.countWithFiles(connection, columns),
                    sql.anyAttached(connection, declaration.recordType(), declaration.name())));
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
}

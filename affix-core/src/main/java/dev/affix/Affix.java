package dev.affix;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.analysis.AnalysisPipeline;
import dev.affix.analysis.AnalysisSettings;
import dev.affix.analysis.Analyzer;
import dev.affix.analysis.AnalyzeBlobJob;
import dev.affix.analysis.BlobAnalysis;
import dev.affix.attachment.Attacher;
import dev.affix.attachment.AttachmentHandles;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.AttachmentRepository;
import dev.affix.attachment.Declarations;
import dev.affix.attachment.HasMany;
import dev.affix.attachment.HasOne;
import dev.affix.attachment.RecordRef;
import dev.affix.attachment.RecordTypes;
import dev.affix.attachment.ServiceSelector;
import dev.affix.attachment.Slots;
import dev.affix.blob.BlobAudit;
import dev.affix.blob.BlobCopier;
import dev.affix.blob.BlobRepository;
import dev.affix.blob.Blobs;
import dev.affix.blob.ByteJanitor;
import dev.affix.blob.ContentTypeIdentifier;
import dev.affix.blob.DrainPendingDeletionsJob;
import dev.affix.blob.PendingDeletionRepository;
import dev.affix.blob.SignedIds;
import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.config.DatabaseSettings;
import dev.affix.db.ConnectionDatabase;
import dev.affix.db.DataSourceDatabase;
import dev.affix.db.Database;
import dev.affix.db.Schema;
import dev.affix.doctor.Doctor;
import dev.affix.extension.AffixExtension;
import dev.affix.extension.AnalyzerOrder;
import dev.affix.extension.ExtensionContext;
import dev.affix.extension.ExtensionRegistry;
import dev.affix.importer.PaperclipImport;
import dev.affix.job.InProcessJobRunner;
import dev.affix.job.InlineJobRunner;
import dev.affix.job.JobRunner;
import dev.affix.job.JobRunnerFactory;
import dev.affix.job.JobSettings;
import dev.affix.rails.RailsMessages;
import dev.affix.resumable.ExpireUploadSessionsJob;
import dev.affix.resumable.ResumableUploadSettings;
import dev.affix.resumable.UploadSessionRepository;
import dev.affix.resumable.UploadSessions;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.AllowedContentTypes;
import dev.affix.storage.StorageService;
import dev.affix.storage.StorageServices;
import dev.affix.variant.ProcessVariantJob;
import dev.affix.variant.ProcessingLimits;
import dev.affix.variant.VariantProcessor;
import dev.affix.variant.Variants;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Affix: files attached to the application's records. One instance per application, made at start
 * with {@link #start} or {@link #builder}; thread-safe; closed at shutdown.
 *
 * <pre>{@code
 * Affix affix = Affix.start(AffixConfig.load(Path.of("affix.yml"), null, System.getenv()));
 * affix.one(RecordRef.of("User", 42), "avatar").attach(Path.of("me.jpg"));
 * }</pre>
 */
public final class Affix implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Affix.class);

    private final AffixConfig config;
    private final StorageServices services;
    private final MessageSigner signer;
    private final Blobs blobs;
    private final Slots slots;
    private final JobRunner jobs;
    private final BlobAnalysis analysis;
    private final Variants variants;
    private final AttachmentHandles handles;
    private final PaperclipImport paperclipImport;
    private final Doctor doctor;
    private final UploadSessions uploadSessions;
    private final List<AutoCloseable> owned;

    private Affix(AffixConfig config, StorageServices services, MessageSigner signer, Blobs blobs, Slots slots, JobRunner jobs,
            BlobAnalysis analysis, Variants variants, AttachmentHandles handles, PaperclipImport paperclipImport, Doctor doctor,
            UploadSessions uploadSessions, List<AutoCloseable> owned) {
        this.config = config;
        this.services = services;
        this.signer = signer;
        this.blobs = blobs;
        this.slots = slots;
        this.jobs = jobs;
        this.analysis = analysis;
        this.variants = variants;
        this.handles = handles;
        this.paperclipImport = paperclipImport;
        this.doctor = doctor;
        this.uploadSessions = uploadSessions;
        this.owned = owned;
    }

    /** Starts with everything taken from the configuration, opening the database from {@code database.url}. */
    public static Affix start(AffixConfig config) {
        return builder(config).build();
    }

    public static Builder builder(AffixConfig config) {
        return new Builder(config);
    }

    public AffixConfig config() {
        return config;
    }

    public StorageServices services() {
        return services;
    }

    /** Signs and verifies the tokens of URLs, for the HTTP endpoints. */
    public MessageSigner signer() {
        return signer;
    }

    public Blobs blobs() {
        return blobs;
    }

    public JobRunner jobs() {
        return jobs;
    }

    /** The analyzers in their order, and analysing blobs again (as {@code affix analyze} does). */
    public BlobAnalysis analysis() {
        return analysis;
    }

    /** Variants and previews of blobs: representations, variation keys, what has been made. */
    public Variants variants() {
        return variants;
    }

    /** Resumable uploads (tus): created, appended to chunk by chunk, completed into blobs, expired when abandoned. */
    public UploadSessions uploadSessions() {
        return uploadSessions;
    }

    public Declarations declarations() {
        return slots.declarations();
    }

    /** The has-one attachment {@code name} of a record: a {@link RecordRef}, an AffixRecord or a registered object. */
    public HasOne one(Object record, String name) {
        return slots.one(record, name);
    }

    /** The has-many attachment {@code name} of a record. */
    public HasMany many(Object record, String name) {
        return slots.many(record, name);
    }

    /**
     * A signed attachment handle for a page that edits this record: direct uploads that send it are
     * made for the attachment {@code name} (its service, key template and rules) of this record, for
     * this view's tenant. Valid for {@link AttachmentHandles#VALIDITY}.
     */
    public String attachmentHandle(Object record, String name) {
        return handles.forRecord(record, name);
    }

    /**
     * A signed attachment handle for a page that creates a record of this type (a record not saved
     * yet): possible when the declaration needs no record id for its keys and service.
     */
    public String attachmentHandle(String recordType, String name) {
        return handles.forNewRecord(recordType, name);
    }

    /** Makes and verifies attachment handles, and records the direct uploads they name (for the HTTP endpoint). */
    public AttachmentHandles attachmentHandles() {
        return handles;
    }

    /** The attachments of many records of one type (all names), in one query: no N+1 when listing records. */
    public Map<RecordRef, List<Attachment>> attachmentsOf(String recordType, Collection<?> ids) {
        return slots.attachmentsOf(recordType, null, ids);
    }

    /** The attachments named {@code name} of many records of one type, in one query. */
    public Map<RecordRef, List<Attachment>> attachmentsOf(String recordType, String name, Collection<?> ids) {
        return slots.attachmentsOf(recordType, name, ids);
    }

    /** How many attachments the declaration has over all records (for a pass over all of them). */
    public long attachmentCount(AttachmentDeclaration declaration) {
        return slots.count(declaration);
    }

    /** A page of the declaration's attachments over all records, in id order after {@code afterId}. */
    public List<Attachment> attachments(AttachmentDeclaration declaration, long afterId, int limit) {
        return slots.page(declaration, afterId, limit);
    }

    /** The attachments that use any of these blobs, in one query: where a blob is attached. */
    public List<Attachment> attachmentsOfBlobs(Collection<Long> blobIds) {
        return slots.attachmentsOfBlobs(blobIds);
    }

    /** Applies the record type's declarations when the application deletes a record: purge, purge later, or keep. */
    public void recordDeleted(Object record) {
        slots.recordDeleted(record);
    }

    /**
     * A view of this Affix whose attachment changes join the caller's JDBC transaction on
     * {@code connection}: the caller commits or rolls back. New bytes and their blob rows are still
     * written first, in Affix's own transactions, so a rollback leaves at most an unattached blob.
     * Bytes whose blob rows a change deletes are recorded in the caller's transaction too, and deleted
     * by the periodic drain once it has committed (Affix cannot see that commit), never if it rolls back.
     */
    public Affix using(Connection connection) {
        return new Affix(config, services, signer, blobs, slots.using(new ConnectionDatabase(connection)), jobs, analysis,
                variants, handles, paperclipImport, doctor, uploadSessions, List.of());
    }

    /**
     * A view of this Affix for one tenant: new blobs get keys from the declarations' templates with
     * {@code {tenant}} filled in, and services chosen per record see it. The tenant is a value passed
     * along explicitly, never a thread-local, so it reaches background work intact: it lives in the key.
     */
    public Affix forTenant(String tenant) {
        return new Affix(config, services, signer, blobs, slots.forTenant(tenant), jobs, analysis, variants, handles.forTenant(tenant),
                paperclipImport, doctor, uploadSessions, List.of());
    }

    /**
     * Imports the files of a table with Paperclip's columns as blobs and attachments, in bulk, in
     * transactions of its own (whatever {@link #using} joins); see {@link PaperclipImport}.
     */
    public PaperclipImport paperclipImport() {
        return paperclipImport;
    }

    /** Re-reads blobs and reports missing or corrupted bytes. */
    public BlobAudit audit() {
        return new BlobAudit(blobs);
    }

    /** Finds and repairs what went wrong between the tables and a service's objects ({@code affix doctor}). */
    public Doctor doctor() {
        return doctor;
    }

    /** Copies blobs between services, verified, for moving to another service. */
    public BlobCopier copier() {
        return new BlobCopier(blobs);
    }

    /**
     * Stops the background work, then closes the job runner, the services and the pool Affix opened,
     * every one of them even if an earlier one fails; the first failure is thrown with the others
     * attached as suppressed.
     */
    @Override
    public void close() {
        AffixException failure = null;
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new AffixException("closing " + resource + " failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Everything that can be given instead of taken from the configuration. */
    public static final class Builder {
        private final AffixConfig config;
        private DataSource dataSource;
        private Database rowsDatabase;
        private UnaryOperator<StorageService> serviceDecorator = UnaryOperator.identity();
        private JobRunner jobRunner;
        private Clock clock = Clock.systemUTC();
        private Duration pendingDeletionsEvery = Duration.ofSeconds(30);
        private final RecordTypes.Builder recordTypes = RecordTypes.builder();
        private final List<AttachmentDeclaration> declarations = new ArrayList<>();
        private final List<AffixExtension> extensions = new ArrayList<>();
        private final List<Analyzer> analyzersFirst = new ArrayList<>();
        private final List<Analyzer> analyzersLast = new ArrayList<>();
        private final List<AutoCloseable> closedLast = new ArrayList<>();
        private ProcessingLimits processingLimits = ProcessingLimits.DEFAULTS;
        private int maxConcurrentTransformations = Runtime.getRuntime().availableProcessors();

        private Builder(AffixConfig config) {
            this.config = config;
        }

        /** The application's data source (its pool, its database); else Affix opens {@code database.url}. */
        public Builder dataSource(DataSource value) {
            this.dataSource = value;
            return this;
        }

        /**
         * How attachment rows join the application's transactions (the Spring Boot starter passes one
         * that joins Spring's); by default each change runs in a transaction of its own.
         */
        public Builder database(Database value) {
            this.rowsDatabase = value;
            return this;
        }

        /** Wraps every storage service, e.g. to time its operations. */
        public Builder serviceDecorator(UnaryOperator<StorageService> value) {
            this.serviceDecorator = value;
            return this;
        }

        /** Identifies objects of no registered class as records (framework integrations). */
        public Builder recordResolver(Function<Object, Optional<RecordRef>> resolver) {
            recordTypes.resolver(resolver);
            return this;
        }

        public Builder jobRunner(JobRunner value) {
            this.jobRunner = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /**
         * How often the job runner is asked to delete the bytes of purged blobs that still wait (30
         * seconds by default); most are deleted right after their commit, and the rest at start.
         */
        public Builder pendingDeletionsEvery(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("the interval of pending deletions must be positive, not " + value);
            }
            this.pendingDeletionsEvery = value;
            return this;
        }

        /** Lets Affix identify instances of {@code type} as records of the alias, by their id. */
        public <T> Builder recordType(Class<T> type, String alias, Function<? super T, ?> id) {
            recordTypes.register(type, alias, id);
            return this;
        }

        public Builder declare(AttachmentDeclaration declaration) {
            declarations.add(declaration);
            return this;
        }

        /**
         * An extension besides those found with {@link ServiceLoader}; given here, one of the same class
         * on the class path is not loaded again. Extensions contribute in the order found, then given.
         */
        public Builder extension(AffixExtension value) {
            extensions.add(Objects.requireNonNull(value, "extension"));
            return this;
        }

        /** An analyzer that runs after the configured ones (the built-ins), seeing what they found. */
        public Builder analyzer(Analyzer value) {
            analyzersLast.add(Objects.requireNonNull(value, "analyzer"));
            return this;
        }

        /** An analyzer that runs before the configured ones (the built-ins), in the order added. */
        public Builder analyzerFirst(Analyzer value) {
            analyzersFirst.add(Objects.requireNonNull(value, "analyzer"));
            return this;
        }

        public Affix build() {
            List<AutoCloseable> owned = new ArrayList<>(closedLast);
            try {
                DataSource source = dataSource;
                if (source == null) {
                    HikariDataSource pool = config.database().openPool();
                    owned.add(pool);
                    source = pool;
                }
                DataSourceDatabase database = new DataSourceDatabase(source);
                DatabaseSettings settings = config.database();
                if (settings.autoMigrate()) {
                    Schema.migrate(source, database.dialect(), settings.tablePrefix(), settings.recordIdType(), settings.historyTable());
                }
                Schema schema = Schema.inspect(source, settings.tablePrefix());
                MessageSigner signer = RailsMessages.signerFor(config, clock);
                StorageServices services = StorageServices.create(config, signer, serviceDecorator);
                // closed in this order: background work first, the pool last
                owned.add(0, services);
                JobRunner jobs = jobRunner != null ? jobRunner : jobRunner(source);
                owned.add(0, jobs);

                BlobRepository blobRows = new BlobRepository(schema, database.dialect());
                AttachmentRepository attachmentRows = new AttachmentRepository(schema, database.dialect(), blobRows);
                PendingDeletionRepository pendingDeletions = new PendingDeletionRepository(schema, database.dialect());
                ByteJanitor janitor = new ByteJanitor(database, blobRows, pendingDeletions, services, jobs, clock);
                Blobs blobs = new Blobs(database, blobRows, attachmentRows, services, new SignedIds(signer), new ContentTypeIdentifier(),
                        janitor, jobs, clock, directUploadTypes(config));

                ExtensionRegistry registry = new ExtensionRegistry(new ExtensionContext(config, services, blobs, jobs, clock));
                loadedExtensions().forEach(registry::contribute);
                AnalysisSettings analysisSettings = AnalysisSettings.read(config.analysis(), registry.analysisSettings());
                BlobAnalysis analysis = new BlobAnalysis(blobs, new AnalysisPipeline(AnalyzerOrder.resolve(registry,
                        analysisSettings.analyzers(), analyzersFirst, analyzersLast)), analysisSettings);
                Variants variants = new Variants(database, database.dialect(), blobs, blobRows, attachmentRows, signer,
                        variantProcessor(registry), List.copyOf(registry.previewers().values()), processingLimits, maxConcurrentTransformations,
                        clock);
                registry.disabledPreviewers().forEach((name, reason) -> LOG.info("previewer '{}' is off: {}", name, reason));
                UploadSessions uploadSessions = new UploadSessions(database, new UploadSessionRepository(schema, database.dialect()), blobs,
                        janitor, services, ResumableUploadSettings.from(config.http()), clock);
                registry.contribute(new CoreExtension(blobs, janitor, new AnalyzeBlobJob(blobs, analysis, clock),
                        new ProcessVariantJob(blobs, variants), new ExpireUploadSessionsJob(uploadSessions)));

                Attacher attacher = new Attacher(rowsDatabase != null ? rowsDatabase : database, blobs, blobRows, attachmentRows, janitor,
                        jobs, analysis, variants, clock);
                Declarations declared = declarations(services);
                RecordTypes records = recordTypes.build();
                Slots slots = new Slots(attacher, declared, records);
                Doctor doctor = new Doctor(database, schema, blobRows, attachmentRows, janitor, services, declared, clock);
                jobs.start(registry.jobs());
                // deletions that a stopped process left in the table
                jobs.enqueue(DrainPendingDeletionsJob.job());
                owned.add(0, BackgroundMaintenance.start(jobs, services, pendingDeletionsEvery, uploadSessions.settings().expiresIn()));
                PaperclipImport paperclipImport = new PaperclipImport(database, schema, services, slots.declarations(), clock);
                return new Affix(config, services, signer, blobs, slots, jobs, analysis, variants,
                        new AttachmentHandles(signer, declared, records, attacher), paperclipImport, doctor, uploadSessions, owned);
            } catch (RuntimeException e) {
                for (AutoCloseable resource : owned) {
                    try {
                        resource.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }

        /** A resource closed with Affix, after everything else (a pool the integration opened for it). */
        public Builder closing(AutoCloseable resource) {
            closedLast.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        /** What a variant processor and a previewer must refuse or stop at ({@link ProcessingLimits#DEFAULTS} by default). */
        public Builder processingLimits(ProcessingLimits value) {
            this.processingLimits = Objects.requireNonNull(value, "processingLimits");
            return this;
        }

        /** How many transformations and previews run at once in this process (the number of cores by default); more wait their turn. */
        public Builder maxConcurrentTransformations(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("at least one transformation must be able to run, not " + value);
            }
            this.maxConcurrentTransformations = value;
            return this;
        }

        /**
         * The processor {@code variant_processor} names: {@code auto} takes {@code vips} where it was
         * registered (JDK 22+ with libvips), else {@code java}, else none (nothing is variable then).
         */
        private VariantProcessor variantProcessor(ExtensionRegistry registry) {
            String wanted = config.variantProcessor();
            Map<String, VariantProcessor> available = registry.variantProcessors();
            if (!wanted.equals(AffixConfig.AUTO_PROCESSOR)) {
                VariantProcessor named = available.get(wanted);
                if (named == null) {
                    String reason = registry.disabledVariantProcessors().get(wanted);
                    throw new ConfigurationException("variant_processor '" + wanted + "' is not available: " + (reason != null ? reason
                            : "no module registers it (registered: " + (available.isEmpty() ? "none" : String.join(", ", available.keySet()))
                            + "; vips needs affix-vips on JDK 22+, java needs affix-image)"));
                }
                return named;
            }
            VariantProcessor chosen = available.containsKey("vips") ? available.get("vips") : available.get("java");
            if (chosen == null && !available.isEmpty()) {
                chosen = available.values().iterator().next();
            }
            registry.disabledVariantProcessors().forEach((name, reason) -> LOG.info("variant processor '{}' is off: {}", name, reason));
            LOG.info("variants are made by the '{}' processor", chosen == null ? "(none)" : chosen.name());
            return chosen;
        }

        /** The extensions on the class path, except those of a class also given to {@link #extension}, then the given ones. */
        private List<AffixExtension> loadedExtensions() {
            Set<Class<?>> given = new HashSet<>();
            extensions.forEach(extension -> given.add(extension.getClass()));
            List<AffixExtension> all = new ArrayList<>();
            try {
                for (AffixExtension found : ServiceLoader.load(AffixExtension.class)) {
                    if (!given.contains(found.getClass())) {
                        all.add(found);
                    }
                }
            } catch (ServiceConfigurationError e) {
                throw new ConfigurationException("an Affix extension on the class path cannot be loaded: " + e.getMessage(), e);
            }
            all.addAll(extensions);
            return all;
        }

        private Declarations declarations(StorageServices services) {
            List<AttachmentDeclaration> all = new ArrayList<>();
            config.attachments().forEach((name, settings) -> all.add(AttachmentDeclaration.fromConfig(name, settings)));
            all.addAll(declarations);
            for (AttachmentDeclaration declaration : all) {
                if (declaration.service() instanceof ServiceSelector.Fixed fixed) {
                    try {
                        services.get(fixed.serviceName());
                    } catch (ConfigurationException e) {
                        throw new ConfigurationException("attachment '" + declaration.qualifiedName() + "': " + e.getMessage());
                    }
                }
            }
            return new Declarations(all);
        }

        /** {@code http.direct_uploads.allowed_content_types}, which the identified bytes of a direct upload must pass too. */
        private static AllowedContentTypes directUploadTypes(AffixConfig config) {
            Object uploads = config.http().endpoints().get("direct_uploads");
            try {
                return AllowedContentTypes.parse(uploads instanceof Map<?, ?> map ? map.get("allowed_content_types") : null);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("http.direct_uploads.allowed_content_types: " + e.getMessage());
            }
        }

        private JobRunner jobRunner(DataSource source) {
            String name = String.valueOf(config.jobs().getOrDefault("runner", "in_process"));
            switch (name) {
                case "in_process":
                    return new InProcessJobRunner(JobSettings.fromConfig(config.jobs(), JobSettings.DEFAULTS), Duration.ofSeconds(1));
                case "inline":
                    return new InlineJobRunner();
                default:
                    for (JobRunnerFactory factory : ServiceLoader.load(JobRunnerFactory.class)) {
                        if (factory.name().equals(name)) {
                            return factory.create(source, config.jobs());
                        }
                    }
                    throw new ConfigurationException("jobs.runner '" + name + "' is unknown (in_process, inline"
                            + (name.equals("db_scheduler") ? "; db_scheduler needs the affix-jobs-db-scheduler module" : "") + ")");
            }
        }
    }
}

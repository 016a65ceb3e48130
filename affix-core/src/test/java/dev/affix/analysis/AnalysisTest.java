package dev.affix.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.HasOne;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.blob.NewBlob;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.config.DatabaseSettings;
import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;
import dev.affix.job.InlineJobRunner;
import dev.affix.job.Job;
import dev.affix.job.JobHandler;
import dev.affix.job.JobRunner;
import dev.affix.json.Json;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.ForwardingStorageService;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.StorageService;
import dev.affix.storage.TempDownload;
import dev.affix.storage.disk.DiskTokens;
import dev.affix.testing.CapturedLog;
import dev.affix.testing.MovableClock;
import dev.affix.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The analysis pipeline behind attaches, on H2, PostgreSQL and MariaDB, with the test analyzers:
 * {@code lines} (found with ServiceLoader), {@code image} and {@code copy} (an extension given to the
 * builder) and {@code megapixels} (added in code after them, building on the image's facts).
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class AnalysisTest {

    static final byte[] PNG = png(3000, 2000);

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private String prefix;
    private final MovableClock clock = new MovableClock();
    private final RecordingRunner jobs = new RecordingRunner();
    private final CopyInspectingAnalyzer copy = new CopyInspectingAnalyzer();
    private final AtomicInteger downloadsToTempFiles = new AtomicInteger();
    private final List<Affix> started = new ArrayList<>();
    private Affix affix;

    @BeforeEach
    void start() {
        prefix = "a" + Long.toString(System.nanoTime(), 36) + "_";
        pool = database.open(prefix);
        affix = build(builder(Map.of()));
    }

    @AfterEach
    void stop() throws Exception {
        started.forEach(Affix::close);
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    private Affix.Builder builder(Map<String, Object> analysis) {
        AffixConfig.Builder config = AffixConfig.builder()
                .secret("analysis-test-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix))
                .disk("local", dir.resolve("storage"))
                .attachment("User.avatar", Map.of("kind", "one"))
                .attachment("Post.cover", Map.of("kind", "one", "analyze", "immediately"))
                .attachment("Log.files", Map.of("kind", "many", "analyze", "off"));
        analysis.forEach(config::analysisSetting);
        return Affix.builder(config.build()).dataSource(pool).jobRunner(jobs).clock(clock)
                .serviceDecorator(service -> new ForwardingStorageService(service) {
                    @Override
                    public TempDownload downloadToTempFile(String key, Checksum expected) {
                        downloadsToTempFiles.incrementAndGet();
                        return super.downloadToTempFile(key, expected);
                    }
                })
                .extension(extension("test", c -> {
                    c.analyzer(new PngHeaderAnalyzer());
                    c.analyzer(copy);
                }))
                .analyzer(new MegapixelsAnalyzer());
    }

    private Affix build(Affix.Builder builder) {
        Affix built = builder.build();
        started.add(built);
        return built;
    }

    @Test
    void byDefaultABlobIsAnalysedByAJobAfterTheAttachCommitsInRailsJsonShape() throws Exception {
        Attachment attachment = affix.one(RecordRef.of("User", 1), "avatar").attach(PNG, "photo.png");

        assertThat(attachment.blob().analyzed()).as("the attach returns what it committed, before the analysis").isFalse();
        assertThat(jobs.types).containsExactly(AnalyzeBlobJob.TYPE);
        Blob blob = affix.blobs().require(attachment.blob().id());
        assertThat(blob.metadata()).containsEntry("identified", true).containsEntry("analyzed", true).containsEntry("width", 3000)
                .containsEntry("height", 2000).containsEntry("megapixels", 6.0).containsEntry("copy_verified", true)
                .containsEntry("copy_private", true).containsEntry("saw", List.of("width", "height"));
        assertThat(Files.exists(Path.of((String) blob.metadata().get("copy_path")))).as("the private copy is deleted").isFalse();
        Map<String, Object> stored = Json.readObject(metadataColumn(blob.id()));
        assertThat(stored).as("top-level keys, as Rails writes them").containsEntry("width", 3000).containsEntry("analyzed", true)
                .containsEntry("identified", true);
    }

    @Test
    void immediatelyAnalysesTheCopyKeptWhileUploadingBeforeTheAttachReturns() {
        Attachment attachment = affix.one(RecordRef.of("Post", 1), "cover").attach(PNG, "cover.png");

        assertThat(attachment.blob().metadata()).containsEntry("analyzed", true).containsEntry("width", 3000)
                .containsEntry("megapixels", 6.0).containsEntry("copy_verified", true).containsEntry("copy_private", true);
        assertThat(affix.blobs().require(attachment.blob().id())).isEqualTo(attachment.blob());
        assertThat(downloadsToTempFiles).as("no second transfer of bytes Affix just streamed").hasValue(0);
        assertThat(jobs.types).doesNotContain(AnalyzeBlobJob.TYPE);
        assertThat(Files.exists(Path.of((String) attachment.blob().metadata().get("copy_path")))).isFalse();
    }

    @Test
    void immediatelyAnalysesAVerifiedDownloadOfADirectUpload() {
        HasOne cover = affix.one(RecordRef.of("Post", 2), "cover");
        Blob declared = cover.prepareDirectUpload("direct.png", PNG.length, md5(PNG), "image/png", Map.of());
        DirectUploadTarget target = affix.blobs().directUploadTarget(declared, Duration.ofMinutes(5));
        String token = target.url().getRawPath().substring(target.url().getRawPath().lastIndexOf('/') + 1);
        DiskTokens.UploadGrant grant = new DiskTokens(affix.signer()).verifyUpload(token).orElseThrow();
        affix.services().get("local").upload(grant.key(), new ByteArrayInputStream(PNG), grant.uploadOptions());

        Blob attached = cover.attachSigned(affix.blobs().signedId(declared)).blob();

        assertThat(attached.metadata()).containsEntry("identified", true).containsEntry("analyzed", true).containsEntry("width", 3000)
                .containsEntry("copy_verified", true);
        assertThat(downloadsToTempFiles).hasValue(1);
    }

    @Test
    void offAnalysesNothingAndQueuesNothing() {
        Blob blob = affix.many(RecordRef.of("Log", 1), "files").attach(List.of(dev.affix.attachment.Attachable.bytes(PNG, "a.png")))
                .get(0).blob();

        assertThat(affix.blobs().require(blob.id()).metadata()).doesNotContainKeys("analyzed", "width");
        assertThat(jobs.types).isEmpty();
        assertThat(copy.runs).hasValue(0);
    }

    @Test
    void aDeclarationOverridesTheConfiguredDefault() {
        Affix quiet = build(builder(Map.of("analyze", "off"))
                .declare(AttachmentDeclaration.one("Doc", "file").analyze(AnalysisMode.IMMEDIATELY)));

        Blob analysed = quiet.one(RecordRef.of("Doc", 1), "file").attach(PNG, "doc.png").blob();
        Blob skipped = quiet.one(RecordRef.of("User", 1), "avatar").attach(PNG, "user.png").blob();

        assertThat(analysed.metadata()).containsEntry("analyzed", true).containsEntry("width", 3000);
        assertThat(quiet.blobs().require(skipped.id()).metadata()).doesNotContainKey("analyzed");
    }

    @Test
    void aFailingAnalyzerNeverFailsTheAttachAndIsLoggedOnceWithTheBlobsId() {
        Affix failing = build(builder(Map.of()).analyzerFirst(new FailingAnalyzer("broken")));

        try (CapturedLog log = new CapturedLog()) {
            Blob later = failing.one(RecordRef.of("User", 1), "avatar").attach(PNG, "later.png").blob();
            Blob now = failing.one(RecordRef.of("Post", 1), "cover").attach(PNG, "now.png").blob();

            for (Blob blob : List.of(failing.blobs().require(later.id()), now)) {
                assertThat(blob.metadata()).containsEntry("analyzed", true).containsEntry("width", 3000).containsEntry("megapixels", 6.0);
                assertThat(log.linesWith("analyzer 'broken' failed on blob " + blob.id() + " ")).hasSize(1);
            }
            assertThat(log.linesWith("analyzer 'broken' failed")).hasSize(2);
        }
    }

    @Test
    void bytesThatFailTheirChecksumAreNeverAnalysed() throws Exception {
        Blob blob = affix.many(RecordRef.of("Log", 1), "files").attach(List.of(dev.affix.attachment.Attachable.bytes(PNG, "a.png")))
                .get(0).blob();
        byte[] tampered = png(1, 1);
        Files.write(affix.services().get("local").localFile(blob.key()).orElseThrow(), tampered);

        assertThatThrownBy(() -> affix.analysis().analyze(blob)).isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> affix.jobs().enqueue(AnalyzeBlobJob.of(blob))).isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> affix.one(RecordRef.of("Post", 5), "cover").attach(blob)).isInstanceOf(IntegrityException.class);

        assertThat(copy.runs).hasValue(0);
        assertThat(affix.blobs().require(blob.id()).metadata()).doesNotContainKeys("analyzed", "width");
        assertThat(affix.one(RecordRef.of("Post", 5), "cover").attached()).isFalse();
    }

    @Test
    void anAttachInACallersTransactionThatRollsBackIsNeverAnalysed() throws Exception {
        Blob rolledBack;
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            rolledBack = affix.using(connection).one(RecordRef.of("User", 1), "avatar").attach(PNG, "r.png").blob();
            connection.rollback();
        }
        jobs.inline.runDeferred();
        assertThat(jobs.inline.deferred()).as("it waits while the transaction could still commit").hasSize(1);

        clock.advance(AnalyzeBlobJob.COMMIT_WAIT.plusSeconds(1));
        jobs.inline.runDeferred();

        assertThat(jobs.inline.deferred()).isEmpty();
        assertThat(affix.blobs().require(rolledBack.id()).analyzed()).isFalse();
        assertThat(copy.runs).hasValue(0);
    }

    @Test
    void anAttachInACallersTransactionIsAnalysedOnceItCommits() throws Exception {
        Blob committed;
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            committed = affix.using(connection).one(RecordRef.of("User", 2), "avatar").attach(PNG, "c.png").blob();
            jobs.inline.runDeferred();
            assertThat(affix.blobs().require(committed.id()).analyzed()).as("not before the commit").isFalse();
            connection.commit();
        }
        jobs.inline.runDeferred();

        assertThat(affix.blobs().require(committed.id()).metadata()).containsEntry("analyzed", true).containsEntry("width", 3000);
        assertThat(jobs.inline.deferred()).isEmpty();
    }

    @Test
    void concurrentMetadataWritesAllSurvive() throws Exception {
        Blob blob = affix.blobs().create(new ByteArrayInputStream(PNG), NewBlob.named("c.png").withMetadata(Map.of("camera", "x100")));
        int writers = 6;
        int writes = 15;
        ExecutorService threads = Executors.newFixedThreadPool(writers + 1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < writes; i++) {
                        affix.blobs().mergeMetadata(blob.id(), Map.of("k" + writer + "_" + i, i));
                    }
                }));
            }
            done.add(threads.submit(() -> {
                for (int i = 0; i < 3; i++) {
                    affix.analysis().analyze(blob);
                }
            }));
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }

        Map<String, Object> metadata = affix.blobs().require(blob.id()).metadata();
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < writes; i++) {
                assertThat(metadata).containsEntry("k" + w + "_" + i, i);
            }
        }
        assertThat(metadata).containsEntry("custom", Map.of("camera", "x100")).containsEntry("identified", true)
                .containsEntry("analyzed", true).containsEntry("width", 3000);
    }

    @Test
    void aClientCannotSetTheKeysOfAnalysis() {
        Map<String, String> claimed = Map.of("analyzed", "true", "identified", "true", "width", "1", "waveform", "[]", "camera", "x100");
        Blob blob = affix.blobs().create(new ByteArrayInputStream(bytes("plain\n")), NewBlob.named("n.txt").withMetadata(claimed));

        assertThat(blob.metadata()).isEqualTo(Map.of("identified", true, "custom", Map.of("camera", "x100")));
        affix.analysis().analyze(blob);
        assertThat(affix.blobs().require(blob.id()).metadata()).containsEntry("custom", Map.of("camera", "x100"))
                .containsEntry("analyzed", true).containsEntry("line_count", 1).doesNotContainKeys("width", "waveform");
    }

    @Test
    void theJobLeavesAnAnalysedBlobAloneWhileAnalyseAgainReadsItAgain() {
        Blob blob = affix.one(RecordRef.of("User", 1), "avatar").attach(PNG, "p.png").blob();
        assertThat(copy.runs).hasValue(1);

        affix.jobs().enqueue(AnalyzeBlobJob.of(blob));
        assertThat(copy.runs).as("a job run twice analyses once").hasValue(1);

        assertThat(affix.analysis().analyze(blob)).get().extracting(AnalysisOutcome::failed).asList().isEmpty();
        assertThat(copy.runs).hasValue(2);
    }

    @Test
    void aBlobNoAnalyzerAcceptsIsMarkedAnalysedWithoutReadingIt() {
        Affix imagesOnly = build(builder(Map.of("analyzers", List.of("image"))));

        Blob blob = imagesOnly.one(RecordRef.of("Post", 1), "cover").attach(bytes("just text\n"), "t.txt").blob();

        assertThat(blob.metadata()).containsEntry("analyzed", true).doesNotContainKeys("line_count", "copy_verified");
        assertThat(imagesOnly.analysis().pipeline().analyzers()).extracting(Analyzer::name).containsExactly("image", "megapixels");
        assertThat(downloadsToTempFiles).hasValue(0);
    }

    @Test
    void anExtensionOnTheClassPathContributesAnalyzersAndJobsThatTheConfiguredRunnerRuns() throws Exception {
        Blob text = affix.one(RecordRef.of("User", 3), "avatar").attach(bytes("one\ntwo\n"), "two.txt").blob();
        assertThat(affix.blobs().require(text.id()).metadata()).containsEntry("line_count", 2).containsEntry("saw", List.of("line_count"));
        assertThat(affix.analysis().pipeline().analyzers()).extracting(Analyzer::name)
                .containsExactly("lines", "image", "copy", "megapixels");

        Path inline = dir.resolve("inline-touched");
        affix.jobs().enqueue(Job.of(LineCountExtension.TOUCH_JOB, Map.of("path", inline.toString())));
        assertThat(inline).exists();

        AffixConfig inProcess = AffixConfig.builder().secret("analysis-test-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix)).disk("local", dir.resolve("storage"))
                .attachment("User.avatar", Map.of("kind", "one")).build();
        Affix background = build(Affix.builder(inProcess).dataSource(pool).extension(extension("test", c -> c.analyzer(
                new PngHeaderAnalyzer()))));
        Path touched = dir.resolve("in-process-touched");
        background.jobs().enqueue(Job.of(LineCountExtension.TOUCH_JOB, Map.of("path", touched.toString())));
        Blob later = background.one(RecordRef.of("User", 4), "avatar").attach(PNG, "bg.png").blob();
        Instant deadline = Instant.now().plusSeconds(15);
        while ((!Files.exists(touched) || !background.blobs().require(later.id()).analyzed()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(touched).exists();
        assertThat(background.blobs().require(later.id()).metadata()).containsEntry("analyzed", true).containsEntry("width", 3000);
    }

    @Test
    void aJobTypeRegisteredTwiceOrAnUnknownAnalyzerStopsTheStartNamingThem() {
        assertThatThrownBy(() -> build(builder(Map.of()).extension(extension("purger", c -> c.job("affix.purge_blob", arguments -> { })))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("job type 'affix.purge_blob' is registered twice: by extension 'purger' and by extension 'core'");
        assertThatThrownBy(() -> build(builder(Map.of("analyzers", List.of("image", "imagine")))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("analysis.analyzers: unknown analyzer 'imagine' (known: lines, image, copy; or the class name of an Analyzer)");
        assertThatThrownBy(() -> build(builder(Map.of("analyse", "later")))).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("analysis: unknown key 'analyse'");
    }

    private String metadataColumn(long id) throws Exception {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT metadata FROM " + prefix + "blobs WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    static AffixExtension extension(String name, Consumer<Contributions> contribute) {
        return new AffixExtension() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void contribute(Contributions contributions) {
                contribute.accept(contributions);
            }
        };
    }

    /** A PNG header (no pixels): enough for identification and the header analyzer. */
    static byte[] png(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(33);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        png.putInt(width).putInt(height).put(new byte[] {8, 6, 0, 0, 0}).putInt(0);
        return png.array();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Checksum md5(byte[] data) {
        try {
            return Checksum.of(ChecksumAlgorithm.MD5, MessageDigest.getInstance("MD5").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The inline runner, recording the types of the jobs queued. */
    private static final class RecordingRunner implements JobRunner {
        final InlineJobRunner inline = new InlineJobRunner();
        final List<String> types = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void start(Map<String, JobHandler> handlers) {
            inline.start(new HashMap<>(handlers));
        }

        @Override
        public void enqueue(Job job) {
            if (!job.type().equals("affix.delete_pending_objects")) {
                types.add(job.type());
            }
            inline.enqueue(job);
        }

        @Override
        public void close() {
            inline.close();
        }
    }
}

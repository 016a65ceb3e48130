package dev.affix.variant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.RecordRef;
import dev.affix.attachment.UndeclaredAttachmentException;
import dev.affix.blob.Blob;
import dev.affix.blob.BlobDeletion;
import dev.affix.checksum.Checksum;
import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.config.DatabaseSettings;
import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;
import dev.affix.job.InlineJobRunner;
import dev.affix.storage.ForwardingStorageService;
import dev.affix.storage.TempDownload;
import dev.affix.testing.CountingDataSource;
import dev.affix.testing.TestDatabase;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Variants and previews on H2, PostgreSQL and MariaDB, with a test processor (PNG through the JDK's
 * ImageIO) and a test previewer (text files drawn as a PNG), both contributed as an extension.
 */
@ParameterizedClass
@MethodSource("databasesAndRecordIdTypes")
class VariantsTest {

    static final byte[] PNG = png(1200, 800);
    static final Transformations THUMB = Transformations.builder().resizeToLimit(300, 300).build();

    @Parameter(0)
    TestDatabase database;

    /** Text record ids (Affix's default) and numeric ones (a Rails schema's): the variant queries join on them differently. */
    @Parameter(1)
    String recordIdType;

    static Stream<Arguments> databasesAndRecordIdTypes() {
        return Stream.of(TestDatabase.values()).flatMap(db -> Stream.of(Arguments.of(db, "VARCHAR(255)"), Arguments.of(db, "BIGINT")));
    }

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private CountingDataSource counting;
    private String prefix;
    private final ImageIoTestProcessor processor = new ImageIoTestProcessor();
    private final TextPreviewer previewer = new TextPreviewer();
    private final List<Affix> started = new ArrayList<>();
    private final AtomicInteger downloads = new AtomicInteger();
    private Affix affix;

    @BeforeEach
    void start() {
        prefix = "v" + Long.toString(System.nanoTime(), 36) + "_";
        pool = database.open(prefix);
        counting = new CountingDataSource(pool);
        affix = start(processor);
    }

    @AfterEach
    void stop() throws Exception {
        started.forEach(Affix::close);
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    private Affix start(ImageIoTestProcessor usedProcessor) {
        AffixConfig config = AffixConfig.builder()
                .secret("variants-test-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix).withRecordIdType(recordIdType))
                .disk("local", dir.resolve("storage"))
                .attachment("User.avatar", Map.of("kind", "one", "keys", "{tenant}/avatars/{record_id}/{random}",
                        "variants", Map.of("thumb", Map.of("resize_to_limit", List.of(100, 100)),
                                "small", Map.of("resize_to_limit", List.of(50, 50), "process", "later"),
                                "tiny", Map.of("resize_to_fill", List.of(10, 10), "process", "immediately"))))
                .attachment("Post.files", Map.of("kind", "many", "variants", Map.of("thumb", Map.of("resize_to_limit", List.of(40, 40)))))
                .build();
        Affix built = Affix.builder(config).dataSource(counting).jobRunner(new InlineJobRunner())
                .serviceDecorator(service -> new ForwardingStorageService(service) {
                    @Override
                    public TempDownload downloadToTempFile(String key, Checksum expected) {
                        downloads.incrementAndGet();
                        return super.downloadToTempFile(key, expected);
                    }
                })
                .extension(new AffixExtension() {
                    @Override
                    public String name() {
                        return "variants-test";
                    }

                    @Override
                    public void contribute(Contributions contributions) {
                        contributions.variantProcessor(usedProcessor);
                        contributions.previewer(previewer);
                    }
                })
                .build();
        started.add(built);
        return built;
    }

    @Test
    void aVariantIsKnownWithoutProcessingAndMadeOnceOnRequest() throws IOException {
        Blob original = affix.blobs().create(new java.io.ByteArrayInputStream(PNG), dev.affix.blob.NewBlob.named("photo.png"));
        Representation variant = affix.variants().variant(original, THUMB);

        assertThat(variant.variationKey()).isNotBlank();
        assertThat(variant.filename()).isEqualTo("photo.png");
        assertThat(variant.isProcessed()).isFalse();
        assertThat(processor.transformations).hasValue(0);

        Blob image = variant.processed();

        assertThat(processor.transformations).hasValue(1);
        assertThat(dimensions(image)).containsExactly(300, 200);
        assertThat(image.contentType()).isEqualTo("image/png");
        assertThat(image.serviceName()).isEqualTo(original.serviceName());
        assertThat(image.key()).startsWith("variants/" + original.key() + "/");
        assertThat(variant.processed()).isEqualTo(image);
        assertThat(affix.variants().variant(original, THUMB).image()).contains(image);
        assertThat(processor.transformations).as("made once").hasValue(1);
        assertThat(affix.blobs().isAttached(image)).as("attached to its variant record, as Rails does").isTrue();
    }

    @Test
    void aVariantLivesBesideItsOriginalUnderTheSameTenantPrefix() {
        Attachment avatar = affix.forTenant("acme").one(RecordRef.of("User", 7), "avatar").attach(PNG, "me.png");

        Blob image = affix.one(RecordRef.of("User", 7), "avatar").variant("thumb").orElseThrow().processed();

        assertThat(avatar.blob().key()).startsWith("acme/avatars/7/");
        String last = avatar.blob().key().substring("acme/avatars/7/".length());
        assertThat(image.key()).startsWith("acme/avatars/7/variants/" + last + "/");
        assertThat(dimensions(image)).containsExactly(100, 67);
    }

    @Test
    void concurrentFirstRequestsMakeOneTransformationAndAllGetTheSameImage() throws Exception {
        Blob original = attachAvatar(1);
        processor.gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Blob>> requests = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                requests.add(pool.submit(() -> affix.variants().variant(original, THUMB).processed()));
            }
            Thread.sleep(300);
            processor.gate.countDown();
            Set<Long> ids = new HashSet<>();
            for (Future<Blob> request : requests) {
                ids.add(request.get().id());
            }
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(processor.transformations).hasValue(1 + /* the immediately declared 'tiny' */ 1 + /* 'small', later */ 1);
        assertThat(variantRecords(original.id())).isEqualTo(3);
    }

    @Test
    void acrossProcessesOneResultIsKeptAndTheOtherIsDeletedWithItsBytes() throws Exception {
        Blob original = attachAvatar(2);
        ImageIoTestProcessor otherProcessor = new ImageIoTestProcessor();
        Affix other = start(otherProcessor);
        processor.gate = new CountDownLatch(1);
        otherProcessor.gate = processor.gate;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Blob> here = pool.submit(() -> affix.variants().variant(original, THUMB).processed());
            Future<Blob> there = pool.submit(() -> other.variants().variant(original, THUMB).processed());
            Thread.sleep(300);
            processor.gate.countDown();
            assertThat(here.get()).isEqualTo(there.get());
        } finally {
            pool.shutdownNow();
        }
        assertThat(variantRecords(original.id())).as("thumb, and the declared small and tiny").isEqualTo(3);
        assertThat(storedFiles()).as("the original and three variants, nothing orphaned").hasSize(4);
        assertThat(affix.blobs().count(null)).isEqualTo(4);
    }

    @Test
    void namedVariantsAreMadeLaterOrImmediatelyAsDeclaredAndLazilyOtherwise() {
        Blob original = attachAvatar(3);

        assertThat(downloads).as("'small' (later) downloads the original; 'tiny' (immediately) reads the upload's copy").hasValue(1);
        assertThat(affix.one(RecordRef.of("User", 3), "avatar").variant("tiny").orElseThrow().isProcessed()).isTrue();
        assertThat(affix.one(RecordRef.of("User", 3), "avatar").variant("small").orElseThrow().isProcessed()).isTrue();
        assertThat(affix.one(RecordRef.of("User", 3), "avatar").variant("thumb").orElseThrow().isProcessed()).isFalse();
        assertThat(variantRecords(original.id())).isEqualTo(2);
        assertThatThrownBy(() -> affix.one(RecordRef.of("User", 3), "avatar").variant("huge"))
                .isInstanceOf(UndeclaredAttachmentException.class).hasMessageContaining("'huge'").hasMessageContaining("thumb");
        assertThat(affix.one(RecordRef.of("User", 99), "avatar").variant("thumb")).isEmpty();
    }

    @Test
    void aBadDeclaredVariantStopsTheStartNamingItsPlace() {
        AffixConfig config = AffixConfig.builder().secret("variants-test-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix))
                .disk("local", dir.resolve("storage"))
                .attachment("User.avatar", Map.of("variants", Map.of("thumb", Map.of("resize_to_limit", List.of(100_000, 10)))))
                .build();

        assertThatThrownBy(() -> Affix.builder(config).dataSource(pool).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("attachment 'User.avatar'").hasMessageContaining("variant 'thumb'")
                .hasMessageContaining("resize_to_limit");
    }

    @Test
    void purgingAnOriginalPurgesItsVariantsAndPreviewRowsThenBytes() throws Exception {
        Blob original = attachAvatar(4);
        affix.variants().variant(original, THUMB).processed();
        Attachment text = affix.many(RecordRef.of("Post", 1), "files").attach(List.of(dev.affix.attachment.Attachable.bytes(
                "hello".getBytes(), "notes.txt"))).get(0);
        Blob preview = affix.many(RecordRef.of("Post", 1), "files").variant(text.blob(), "thumb").processed();
        assertThat(storedFiles()).as("avatar and 3 variants, text, its preview image and the preview's variant").hasSize(7);

        affix.forTenant("acme").one(RecordRef.of("User", 4), "avatar").purge();
        affix.many(RecordRef.of("Post", 1), "files").purge();

        assertThat(affix.blobs().find(preview.id())).isEmpty();
        assertThat(affix.blobs().count(null)).isZero();
        assertThat(variantRecords(original.id())).isZero();
        assertThat(count("SELECT COUNT(*) FROM " + prefix + "attachments")).isZero();
        assertThat(count("SELECT COUNT(*) FROM " + prefix + "variant_records")).isZero();
        assertThat(storedFiles()).isEmpty();
    }

    @Test
    void aVariantThatARailsApplicationMadeIsPurgedWithItsOriginal() throws Exception {
        Blob original = attachAvatar(5);
        Blob railsImage = affix.blobs().create(new java.io.ByteArrayInputStream(png(10, 10)), dev.affix.blob.NewBlob.named("rails.png"));
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO " + prefix + "variant_records (blob_id, variation_digest) VALUES (" + original.id() + ", 'rails')");
            long record;
            try (ResultSet rows = s.executeQuery("SELECT id FROM " + prefix + "variant_records WHERE variation_digest = 'rails'")) {
                rows.next();
                record = rows.getLong(1);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + prefix + "attachments (name, record_type, record_id, blob_id,"
                    + " created_at) VALUES ('image', '" + BlobDeletion.VARIANT_RECORD + "', ?, ?, CURRENT_TIMESTAMP)")) {
                insert.setObject(1, String.valueOf(record), numericRecordIds(c) ? java.sql.Types.BIGINT : java.sql.Types.VARCHAR);
                insert.setLong(2, railsImage.id());
                insert.executeUpdate();
            }
        }

        affix.forTenant("acme").one(RecordRef.of("User", 5), "avatar").purge();

        assertThat(affix.blobs().find(railsImage.id())).isEmpty();
        assertThat(affix.services().get("local").exists(railsImage.key())).isFalse();
        assertThat(count("SELECT COUNT(*) FROM " + prefix + "variant_records")).isZero();
    }

    @Test
    void oneVariantIsPurgedWithItsImageWhileTheOriginalAndItsOtherVariantsStay() {
        Blob original = attachAvatar(6);
        Blob thumb = affix.variants().variant(original, THUMB).processed();

        assertThat(affix.variants().purge(original, THUMB.digest())).isTrue();

        assertThat(affix.blobs().find(thumb.id())).isEmpty();
        assertThat(affix.services().get("local").exists(thumb.key())).isFalse();
        assertThat(affix.variants().variant(original, THUMB).isProcessed()).isFalse();
        assertThat(variantRecords(original.id())).as("the declared small and tiny stay").isEqualTo(2);
        assertThat(affix.blobs().find(original.id())).isPresent();
        assertThat(affix.variants().purge(original, THUMB.digest())).as("nothing left to purge").isFalse();
        assertThat(affix.attachmentsOfBlobs(List.of(original.id()))).extracting(Attachment::name).containsExactly("avatar");
    }

    @Test
    void listingManyBlobsWithTheirMadeVariantsAndPreviewsTakesOneStatement() {
        List<Blob> originals = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            originals.add(affix.blobs().create(new java.io.ByteArrayInputStream(png(20 + i, 20)), dev.affix.blob.NewBlob.named(i + ".png")));
        }
        Blob text = affix.blobs().create(new java.io.ByteArrayInputStream("words".getBytes()), dev.affix.blob.NewBlob.named("a.txt"));
        originals.add(text);
        Blob made = affix.variants().variant(originals.get(0), THUMB).processed();
        Blob previewVariant = affix.variants().representation(text, THUMB).processed();

        counting.reset();
        Map<Long, Map<String, Blob>> images = affix.variants().processedImages(originals);

        assertThat(counting.statements()).isEqualTo(1);
        assertThat(images.get(originals.get(0).id())).containsEntry(THUMB.digest(), made);
        assertThat(images.get(text.id())).containsEntry(THUMB.digest(), previewVariant);
        assertThat(images).doesNotContainKey(originals.get(1).id());
    }

    @Test
    void aPageOfAThousandRecordsWithAThumbnailUrlEachAndWhetherItIsMadeTakesTwoStatements() {
        Blob first = affix.many(RecordRef.of("Post", 1), "files").attach(List.of(dev.affix.attachment.Attachable.bytes(png(4, 4),
                "1.png"))).get(0).blob();
        insertRowsOfAttachedPngs(2, 1000);
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= 1000; id++) {
            ids.add(id);
        }
        affix.many(RecordRef.of("Post", 1), "files").variant(first, "thumb").processed();
        Transformations thumb = affix.declarations().require("Post", "files").requireVariant("thumb").transformations();

        counting.reset();
        Map<RecordRef, List<Attachment>> files = affix.attachmentsOf("Post", "files", ids);
        List<Blob> blobs = files.values().stream().flatMap(List::stream).map(Attachment::blob).toList();
        Map<Long, Map<String, Blob>> made = affix.variants().processedImages(blobs);
        List<String> keys = new ArrayList<>();
        long processed = 0;
        for (Blob blob : blobs) {
            Representation representation = affix.variants().representation(blob, thumb);
            keys.add(representation.variationKey());
            processed += made.getOrDefault(blob.id(), Map.of()).containsKey(thumb.digest()) ? 1 : 0;
        }

        assertThat(counting.statements()).isEqualTo(2);
        assertThat(keys).hasSize(1000);
        assertThat(processed).isEqualTo(1);
    }

    @Test
    void variationKeysAreSignedForTheirOwnPurpose() {
        String key = affix.variants().variationKey(THUMB);

        assertThat(affix.variants().transformations(key)).contains(THUMB);
        assertThat(affix.variants().transformations(key.substring(0, key.length() - 2) + "xx")).isEmpty();
        assertThat(affix.variants().transformations(affix.signer().sign("blob_id", Map.of("t", "{}")))).isEmpty();
        assertThat(affix.variants().transformations("not-a-key")).isEmpty();
    }

    @Test
    void aFileNoProcessorReadsAndNoPreviewerDrawsIsNotRepresentable() {
        Blob svg = affix.blobs().create(new java.io.ByteArrayInputStream(
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes()),
                dev.affix.blob.NewBlob.named("evil.svg"));
        Blob binary = affix.blobs().create(new java.io.ByteArrayInputStream(new byte[] {0, 1, 2, 3}), dev.affix.blob.NewBlob.named("x.bin"));

        assertThat(affix.variants().representable(svg)).isFalse();
        assertThatThrownBy(() -> affix.variants().representation(svg, THUMB)).isInstanceOf(NotRepresentableException.class)
                .hasMessageContaining(svg.contentType());
        assertThatThrownBy(() -> affix.variants().representation(binary, THUMB)).isInstanceOf(NotRepresentableException.class);
        assertThat(processor.transformations).hasValue(0);
    }

    @Test
    void aFailingTransformationStoresNothingAndIsNotRunAgainForAMinute() {
        Blob original = affix.blobs().create(new java.io.ByteArrayInputStream(PNG), dev.affix.blob.NewBlob.named("photo.png"));
        processor.failing = true;

        assertThatThrownBy(() -> affix.variants().variant(original, THUMB).processed()).isInstanceOf(TransformationFailedException.class)
                .hasMessageContaining("told to fail");
        assertThatThrownBy(() -> affix.variants().variant(original, THUMB).processed()).isInstanceOf(TransformationFailedException.class)
                .hasMessageContaining("not tried again before");

        assertThat(processor.transformations).hasValue(1);
        assertThat(affix.blobs().count(null)).isEqualTo(1);
        assertThat(storedFiles()).hasSize(1);
        assertThat(variantRecords(original.id())).isZero();
    }

    @Test
    void aPreviewIsStoredAsThePreviewImageOfItsBlobAndTransformedLikeAnImage() {
        Blob text = affix.blobs().create(new java.io.ByteArrayInputStream("a line of text".getBytes()), dev.affix.blob.NewBlob.named("a.txt"));

        Representation representation = affix.variants().representation(text, THUMB);
        assertThat(representation.kind()).isEqualTo(Representation.Kind.PREVIEW);
        assertThat(representation.filename()).isEqualTo("a.png");
        Blob image = representation.processed();

        assertThat(dimensions(image)).containsExactly(300, 150);
        assertThat(previewer.previews).hasValue(1);
        assertThat(affix.variants().representation(text, Transformations.builder().resizeToLimit(60, 60).build()).processed())
                .satisfies(small -> assertThat(dimensions(small)).containsExactly(60, 30));
        assertThat(previewer.previews).as("one preview image serves every variant").hasValue(1);
    }

    private Blob attachAvatar(long id) {
        return affix.forTenant("acme").one(RecordRef.of("User", id), "avatar").attach(PNG, "me.png").blob();
    }

    private int[] dimensions(Blob image) {
        try (InputStream in = affix.blobs().download(image)) {
            BufferedImage read = ImageIO.read(in);
            return new int[] {read.getWidth(), read.getHeight()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Blob and attachment rows of PNGs for Post records {@code from..to}, written in two batches: only their rows are read. */
    private void insertRowsOfAttachedPngs(int from, int to) {
        try (Connection c = pool.getConnection()) {
            boolean numeric = numericRecordIds(c);
            try (PreparedStatement blobs = c.prepareStatement("INSERT INTO " + prefix + "blobs (" + dev.affix.db.Dialect.of(c).keyColumn()
                    + ", filename, content_type, metadata, service_name, byte_size, checksum, created_at)"
                    + " VALUES (?, ?, 'image/png', '{}', 'local', 10, 'AAAAAAAAAAAAAAAAAAAAAA==', CURRENT_TIMESTAMP)")) {
                for (int id = from; id <= to; id++) {
                    blobs.setString(1, "listed-" + id);
                    blobs.setString(2, id + ".png");
                    blobs.addBatch();
                }
                blobs.executeBatch();
            }
            Map<String, Long> blobIds = new HashMap<>();
            try (Statement select = c.createStatement(); ResultSet rows = select.executeQuery("SELECT id, filename FROM " + prefix
                    + "blobs WHERE service_name = 'local' AND byte_size = 10")) {
                while (rows.next()) {
                    blobIds.put(rows.getString(2), rows.getLong(1));
                }
            }
            try (PreparedStatement attachments = c.prepareStatement("INSERT INTO " + prefix + "attachments (name, record_type, record_id,"
                    + " blob_id, created_at) VALUES ('files', 'Post', ?, ?, CURRENT_TIMESTAMP)")) {
                for (int id = from; id <= to; id++) {
                    attachments.setObject(1, numeric ? (Object) (long) id : String.valueOf(id));
                    attachments.setLong(2, blobIds.get(id + ".png"));
                    attachments.addBatch();
                }
                attachments.executeBatch();
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private long variantRecords(long blobId) {
        return count("SELECT COUNT(*) FROM " + prefix + "variant_records WHERE blob_id = " + blobId);
    }

    private long count(String sql) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private boolean numericRecordIds(Connection c) throws java.sql.SQLException {
        return dev.affix.db.Schema.inspect(c, prefix).numericRecordIds();
    }

    private List<Path> storedFiles() {
        Path root = dir.resolve("storage");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width / 2, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

package dev.affix.rails;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.blob.Blob;
import dev.affix.blob.NewBlob;
import dev.affix.blob.SignedIds;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.config.RailsSettings;
import dev.affix.job.InlineJobRunner;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.Disposition;
import dev.affix.storage.disk.DiskTokens;
import dev.affix.testing.TestDatabase;
import dev.affix.variant.Transformations;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With {@code rails:} configured, signed blob ids, Disk tokens and variation keys are read in the Rails
 * application's format beside Affix's own and issued in it; anything else is refused as before.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class RailsFormatsTest {

    private static final Instant NOW = Instant.parse("2029-12-31T00:00:00Z");
    private static final String SECRET = "rails-formats-test-secret";

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private String prefix;
    private Affix affix;
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final RailsMessages rails = RailsMessages.of(RailsSettings.of(RailsVectors.SECRET_KEY_BASE, "6.1"), clock);

    @BeforeEach
    void start() {
        prefix = "rf" + Long.toString(System.nanoTime(), 36) + "_";
        pool = database.open(prefix);
        AffixConfig config = AffixConfig.builder()
                .secret(SECRET)
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix))
                .disk("local", dir.resolve("storage"))
                .rails(RailsVectors.SECRET_KEY_BASE, "6.1")
                .build();
        affix = Affix.builder(config).dataSource(pool).jobRunner(new InlineJobRunner()).clock(clock).build();
    }

    @AfterEach
    void stop() throws Exception {
        affix.close();
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    @Test
    void idsRailsMakesFindTheirBlobsAndIdsAffixMakesAreRails() {
        Blob blob = blob("hello");
        String railsId = rails.sign(blob.id(), "blob_id", null);

        assertThat(affix.blobs().findSigned(railsId)).map(Blob::id).contains(blob.id());
        assertThat(affix.blobs().findSigned(railsId, SignedIds.SERVE)).map(Blob::id).contains(blob.id());
        assertThat(affix.blobs().signedId(blob)).isEqualTo(railsId);
        assertThat(affix.blobs().signedId(blob, SignedIds.SERVE, Duration.ofMinutes(5)))
                .isEqualTo(rails.sign(blob.id(), "blob_id", NOW.plus(Duration.ofMinutes(5))));
        assertThat(affix.blobs().findSigned(rails.sign(blob.id() + 1000, "blob_id", null))).isEmpty();
    }

    @Test
    void idsInAffixsOwnFormatStillFindTheirBlobs() {
        Blob blob = blob("mine");
        String own = new SignedIds(new MessageSigner(SECRET, clock)).sign(blob, SignedIds.BLOB_ID, null);

        assertThat(affix.blobs().findSigned(own)).map(Blob::id).contains(blob.id());
    }

    @Test
    void aRailsIdThatIsNotAPlainIdIsABadId() {
        SignedIds ids = new SignedIds(affix.signer());

        assertThat(ids.read(RailsVectors.V61.ID_42, SignedIds.BLOB_ID)).get().satisfies(id -> {
            assertThat(id.blobId()).isEqualTo(42);
            assertThat(id.key()).isNull();
        });
        assertThat(ids.read(RailsVectors.V61.HASH_AS_ID, SignedIds.BLOB_ID)).isEmpty();
        assertThat(ids.read(RailsVectors.V61.STRING_AS_ID, SignedIds.BLOB_ID)).isEmpty();
        assertThat(ids.read(RailsVectors.V61.OBJECT, SignedIds.BLOB_ID)).isEmpty();
        assertThat(ids.read(RailsVectors.V61.ID_EXPIRED, SignedIds.BLOB_ID)).isEmpty();
        assertThat(ids.read(RailsVectors.V61.VARIATION, SignedIds.BLOB_ID)).isEmpty();
        assertThat(ids.read(RailsVectors.V71.ID_42, SignedIds.BLOB_ID)).as("another version's").isEmpty();
    }

    @Test
    void diskTokensRailsMakesAreGrantsAndAffixMakesRailsTokens() {
        DiskTokens tokens = new DiskTokens(affix.signer());

        DiskTokens.DownloadGrant download = tokens.verifyDownload(RailsVectors.V61.DOWNLOAD).orElseThrow();
        assertThat(download).isEqualTo(new DiskTokens.DownloadGrant("local", "u-8/avatar.png", "my cat.png", Disposition.INLINE, "image/png"));
        assertThat(tokens.download(download, Duration.ofDays(1))).as("the same token Rails made").isEqualTo(RailsVectors.V61.DOWNLOAD);

        DiskTokens.UploadGrant upload = tokens.verifyUpload(RailsVectors.V61.UPLOAD).orElseThrow();
        assertThat(upload).isEqualTo(new DiskTokens.UploadGrant("local", "ab/cdef", "text/plain", 5,
                new Checksum(ChecksumAlgorithm.MD5, "XUFAKrxLKna5cZ2REBfFkg==")));
        assertThat(tokens.upload(upload, Duration.ofDays(1))).isEqualTo(RailsVectors.V61.UPLOAD);

        assertThat(tokens.verifyDownload(RailsVectors.V61.UPLOAD)).as("an upload token is no download token").isEmpty();
        assertThat(tokens.verifyUpload(RailsVectors.V61.DOWNLOAD)).isEmpty();
        assertThat(tokens.verifyDownload(RailsVectors.V61.ID_42)).isEmpty();
    }

    @Test
    void aSha256UploadTokenStaysInAffixsFormat() {
        DiskTokens tokens = new DiskTokens(affix.signer());
        Checksum sha = Checksum.of(ChecksumAlgorithm.SHA256, new byte[32]);
        DiskTokens.UploadGrant grant = new DiskTokens.UploadGrant("local", "k", "text/plain", 1, sha);

        String token = tokens.upload(grant, Duration.ofMinutes(5));

        assertThat(token).doesNotContain("--");
        assertThat(tokens.verifyUpload(token)).contains(grant);
    }

    @Test
    void variationKeysAreRails() {
        Transformations transformations = affix.variants().transformations(RailsVectors.V61.VARIATION).orElseThrow();

        assertThat(transformations.steps()).containsExactly(new Transformations.ResizeToLimit(100, 100));
        assertThat(transformations.declaredFormat()).map(format -> format.configName()).contains("png");
        assertThat(affix.variants().variationKey(transformations)).isEqualTo(RailsVectors.V61.VARIATION);
        assertThat(affix.variants().transformations(RailsVectors.V61.ID_42)).isEmpty();
    }

    private Blob blob(String content) {
        return affix.blobs().create(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), NewBlob.named(content + ".txt"));
    }
}

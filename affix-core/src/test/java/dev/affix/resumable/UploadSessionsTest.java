package dev.affix.resumable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.InlineJobRunner;
import dev.affix.testing.MovableClock;
import dev.affix.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Resumable uploads on each database, into a Disk service: chunks add up to a blob whose MD5 was
 * computed on the way, a new process resumes where the last one stopped, and every bad request is
 * refused with nothing changed. "A new process" is a new Affix on the same database and Disk root.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class UploadSessionsTest {

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private String prefix;
    private final MovableClock clock = new MovableClock();
    private final List<Affix> started = new ArrayList<>();

    @BeforeEach
    void open() {
        prefix = "r" + Long.toString(System.nanoTime(), 36) + "_";
        pool = database.open(prefix);
    }

    @AfterEach
    void drop() throws Exception {
        started.forEach(Affix::close);
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    @Test
    void chunksAddUpToABlobWhoseChecksumWasComputedOnTheWay() {
        Affix affix = start(Map.of());
        byte[] data = bytes(3_000_000, 1);
        UploadSession session = affix.uploadSessions().create(spec(data.length));

        UploadSession half = append(affix, session.token(), data, 0, 1_000_000);
        assertThat(half.offset()).isEqualTo(1_000_000);
        assertThat(half.isComplete()).isFalse();
        assertThat(affix.services().get("local").exists(session.key())).as("nothing at the key before the last byte").isFalse();
        append(affix, session.token(), data, 1_000_000, 1_999_999);
        UploadSession done = append(affix, session.token(), data, 2_999_999, 1);

        assertThat(done.isComplete()).isTrue();
        Blob blob = affix.blobs().require(done.blobId());
        assertThat(blob.checksum()).isEqualTo(md5(data));
        assertThat(blob.byteSize()).isEqualTo(data.length);
        assertThat(blob.filename()).isEqualTo("movie.bin");
        assertThat(blob.customMetadata()).containsExactly(Map.entry("camera", "x100"));
        assertThat(read(affix, blob)).isEqualTo(data);
        assertThat(resumableFiles()).as("the upload's file became the object").isEmpty();
    }

    @Test
    void aNewProcessResumesFromTheRecordedOffset() {
        byte[] data = bytes(2_500_000, 2);
        Affix first = start(Map.of());
        String token = first.uploadSessions().create(spec(data.length)).token();
        append(first, token, data, 0, 1_234_567);
        first.close();

        Affix second = start(Map.of());
        UploadSession found = second.uploadSessions().status(token);
        assertThat(found.offset()).isEqualTo(1_234_567);
        UploadSession done = append(second, token, data, 1_234_567, data.length - 1_234_567);

        assertThat(second.blobs().require(done.blobId()).checksum()).isEqualTo(md5(data));
    }

    @Test
    void aChunkForAnotherOffsetIsRefusedAndChangesNothing() {
        Affix affix = start(Map.of());
        byte[] data = bytes(1000, 3);
        String token = affix.uploadSessions().create(spec(data.length)).token();
        append(affix, token, data, 0, 400);

        assertThatThrownBy(() -> append(affix, token, data, 300, 100)).isInstanceOf(UploadOffsetMismatchException.class)
                .hasMessageContaining("offset 300").hasMessageContaining("offset 400")
                .satisfies(e -> assertThat(((UploadOffsetMismatchException) e).offset()).isEqualTo(400));
        assertThatThrownBy(() -> append(affix, token, data, 500, 100)).isInstanceOf(UploadOffsetMismatchException.class);

        assertThat(affix.uploadSessions().status(token).offset()).isEqualTo(400);
        assertThat(fileSizes()).containsExactly(400L);
    }

    @Test
    void aChunkPastTheDeclaredLengthIsRefusedWhole() {
        Affix affix = start(Map.of());
        byte[] data = bytes(1000, 4);
        String token = affix.uploadSessions().create(spec(900)).token();
        append(affix, token, data, 0, 500);

        assertThatThrownBy(() -> append(affix, token, data, 500, 500)).isInstanceOf(ChunkTooLongException.class)
                .hasMessageContaining("900");

        assertThat(affix.uploadSessions().status(token).offset()).isEqualTo(500);
        assertThat(fileSizes()).containsExactly(500L);
    }

    @Test
    void aChunkThatDoesNotMatchItsChecksumIsDiscardedAndTheRightOneAccepted() {
        Affix affix = start(Map.of());
        byte[] data = bytes(1000, 5);
        byte[] other = bytes(1000, 6);
        String token = affix.uploadSessions().create(spec(data.length)).token();
        append(affix, token, data, 0, 300);

        assertThatThrownBy(() -> affix.uploadSessions().append(token, 300, new ByteArrayInputStream(other, 300, 700), 700,
                sha1(Arrays.copyOfRange(data, 300, 1000)))).isInstanceOf(ChunkChecksumMismatchException.class).hasMessageContaining("sha1");
        assertThat(affix.uploadSessions().status(token).offset()).isEqualTo(300);

        UploadSession done = affix.uploadSessions().append(token, 300, new ByteArrayInputStream(data, 300, 700), 700,
                sha1(Arrays.copyOfRange(data, 300, 1000)));
        assertThat(affix.blobs().require(done.blobId()).checksum()).isEqualTo(md5(data));
        assertThat(read(affix, affix.blobs().require(done.blobId()))).isEqualTo(data);
    }

    @Test
    void aClientThatStopsHalfWayKeepsWhatArrivedAndResumesFromThere() {
        Affix affix = start(Map.of());
        byte[] data = bytes(3_000_000, 7);
        String token = affix.uploadSessions().create(spec(data.length)).token();

        assertThatThrownBy(() -> affix.uploadSessions().append(token, 0, failingAfter(data, 0, 1_700_000), data.length, null))
                .isInstanceOf(ChunkInterruptedException.class).hasMessageContaining("offset 1700000");

        UploadSession resumed = affix.uploadSessions().status(token);
        assertThat(resumed.offset()).isEqualTo(1_700_000);
        UploadSession done = append(affix, token, data, 1_700_000, data.length - 1_700_000);
        assertThat(affix.blobs().require(done.blobId()).checksum()).isEqualTo(md5(data));
    }

    @Test
    void aClientThatStopsHalfWayThroughAChunkWithAChecksumKeepsNoneOfIt() {
        Affix affix = start(Map.of());
        byte[] data = bytes(1_000_000, 8);
        String token = affix.uploadSessions().create(spec(data.length)).token();

        assertThatThrownBy(() -> affix.uploadSessions().append(token, 0, failingAfter(data, 0, 600_000), data.length, sha1(data)))
                .isInstanceOf(ChunkInterruptedException.class);

        assertThat(affix.uploadSessions().status(token).offset()).isZero();
    }

    @Test
    void aSecondRequestWhileOneIsWritingIsTurnedAway() throws Exception {
        Affix affix = start(Map.of());
        byte[] data = bytes(200_000, 9);
        String token = affix.uploadSessions().create(spec(data.length)).token();
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InputStream slow = new InputStream() {
            private int position;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (position == 100_000) {
                    reading.countDown();
                    await(release);
                }
                int n = Math.min(length, (position < 100_000 ? 100_000 : data.length) - position);
                System.arraycopy(data, position, buffer, offset, n);
                position += n;
                return n;
            }
        };
        CompletableFuture<UploadSession> first = CompletableFuture.supplyAsync(() -> affix.uploadSessions().append(token, 0, slow,
                data.length, null));
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> append(affix, token, data, 0, 100)).isInstanceOf(UploadSessionBusyException.class);
        assertThatThrownBy(() -> affix.uploadSessions().terminate(token)).isInstanceOf(UploadSessionBusyException.class);

        release.countDown();
        UploadSession done = first.get(10, TimeUnit.SECONDS);
        assertThat(affix.blobs().require(done.blobId()).checksum()).isEqualTo(md5(data));
    }

    @Test
    void theLeaseOfAProcessThatStoppedMidRequestLapses() throws Exception {
        Affix affix = start(Map.of());
        byte[] data = bytes(1000, 10);
        UploadSession session = affix.uploadSessions().create(spec(data.length));
        try (Connection connection = pool.getConnection(); PreparedStatement update = connection.prepareStatement(
                "UPDATE " + prefix + "resumable_uploads SET lease_holder = 'killed', lease_until = ? WHERE id = ?")) {
            update.setTimestamp(1, Timestamp.valueOf(LocalDateTime.ofInstant(clock.instant().plus(UploadSessions.LEASE), ZoneOffset.UTC)));
            update.setLong(2, session.id());
            update.executeUpdate();
        }

        assertThatThrownBy(() -> append(affix, session.token(), data, 0, 1000)).isInstanceOf(UploadSessionBusyException.class);
        clock.advance(UploadSessions.LEASE.plusSeconds(1));

        assertThat(append(affix, session.token(), data, 0, 1000).isComplete()).isTrue();
    }

    @Test
    void anAbandonedUploadExpiresAndItsPiecesAreDeleted() {
        Affix affix = start(Map.of("expires_in", "2h"));
        byte[] data = bytes(5000, 11);
        String token = affix.uploadSessions().create(spec(data.length)).token();
        append(affix, token, data, 0, 3000);
        clock.advance(Duration.ofMinutes(90));
        append(affix, token, data, 3000, 1000);
        clock.advance(Duration.ofMinutes(90));
        assertThat(affix.uploadSessions().expire().abandoned()).as("each request gives it its time again").isZero();
        clock.advance(Duration.ofMinutes(31));

        assertThatThrownBy(() -> affix.uploadSessions().status(token)).isInstanceOf(UploadSessionExpiredException.class);
        assertThatThrownBy(() -> append(affix, token, data, 4000, 1000)).isInstanceOf(UploadSessionExpiredException.class);
        UploadSessions.Expired expired = affix.uploadSessions().expire();

        assertThat(expired).isEqualTo(new UploadSessions.Expired(1, 4000, 0, 0));
        assertThat(resumableFiles()).isEmpty();
        assertThat(affix.uploadSessions().find(token)).isEmpty();
    }

    @Test
    void aFinishedUploadIsForgottenAfterItsTimeButItsBlobStays() {
        Affix affix = start(Map.of("expires_in", "1h"));
        byte[] data = bytes(100, 12);
        String token = affix.uploadSessions().create(spec(data.length)).token();
        UploadSession done = append(affix, token, data, 0, data.length);
        clock.advance(Duration.ofMinutes(61));

        assertThat(affix.uploadSessions().status(token).isComplete()).as("a finished upload is not abandoned").isTrue();
        assertThat(affix.uploadSessions().expire()).isEqualTo(new UploadSessions.Expired(0, 0, 1, 0));

        assertThat(affix.uploadSessions().find(token)).isEmpty();
        assertThat(affix.blobs().find(done.blobId())).isPresent();
    }

    @Test
    void terminatingAnUnfinishedUploadDeletesItsPiecesAndForgetsIt() {
        Affix affix = start(Map.of());
        byte[] data = bytes(1000, 13);
        String token = affix.uploadSessions().create(spec(data.length)).token();
        append(affix, token, data, 0, 500);

        affix.uploadSessions().terminate(token);

        assertThat(resumableFiles()).isEmpty();
        assertThatThrownBy(() -> affix.uploadSessions().status(token)).isInstanceOf(UploadSessionNotFoundException.class);
        assertThatThrownBy(() -> affix.uploadSessions().terminate(token)).isInstanceOf(UploadSessionNotFoundException.class);
    }

    @Test
    void terminatingAFinishedUploadPurgesItsBlobUnlessItIsAttached() {
        Affix affix = start(Map.of());
        byte[] data = bytes(100, 14);
        UploadSession loose = completed(affix, data);
        UploadSession attached = completed(affix, data);
        affix.one(RecordRef.of("Post", 1), "video").attachSigned(affix.blobs().signedId(affix.blobs().require(attached.blobId())));

        affix.uploadSessions().terminate(loose.token());
        affix.uploadSessions().terminate(attached.token());

        assertThat(affix.blobs().find(loose.blobId())).isEmpty();
        assertThat(affix.blobs().find(attached.blobId())).isPresent();
    }

    @Test
    void theBlobAttachesBySignedIdWithItsTypeIdentifiedFromTheBytes() {
        Affix affix = start(Map.of());
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        UploadSession session = affix.uploadSessions().create(new NewUploadSession(null, null, "picture.bin", "application/octet-stream",
                png.length, Map.of(), Map.of()));
        UploadSession done = append(affix, session.token(), png, 0, png.length);

        Blob attached = affix.one(RecordRef.of("Post", 2), "video")
                .attachSigned(affix.blobs().signedId(affix.blobs().require(done.blobId()))).blob();

        assertThat(attached.id()).isEqualTo(done.blobId());
        assertThat(attached.contentType()).isEqualTo("image/png");
    }

    @Test
    void anEmptyFileIsCompleteAtOnce() {
        Affix affix = start(Map.of());

        UploadSession session = affix.uploadSessions().create(spec(0));

        assertThat(session.isComplete()).isTrue();
        Blob blob = affix.blobs().require(session.blobId());
        assertThat(blob.checksum()).isEqualTo(md5(new byte[0]));
        assertThat(read(affix, blob)).isEmpty();
    }

    @Test
    void anUploadLargerThanAllowedIsRefusedBeforeAnythingIsStored() {
        Affix affix = start(Map.of("max_byte_size", "1MiB"));

        assertThatThrownBy(() -> affix.uploadSessions().create(spec((1 << 20) + 1))).isInstanceOf(UploadTooLargeException.class)
                .hasMessageContaining("1048577");
        assertThat(resumableFiles()).isEmpty();
        assertThat(affix.uploadSessions().expired(0, 10)).isEmpty();
    }

    @Test
    void reservedMetadataIsDroppedFromTheBlob() {
        Affix affix = start(Map.of());
        byte[] data = bytes(10, 15);
        UploadSession session = affix.uploadSessions().create(new NewUploadSession(null, null, "a.bin", "application/octet-stream",
                data.length, Map.of("analyzed", "true", "width", "5", "mine", "kept"), Map.of()));
        UploadSession done = append(affix, session.token(), data, 0, data.length);

        Blob blob = affix.blobs().require(done.blobId());
        assertThat(blob.analyzed()).isFalse();
        assertThat(blob.metadata()).doesNotContainKeys("analyzed", "width");
        assertThat(blob.customMetadata()).containsExactly(Map.entry("mine", "kept"));
    }

    private UploadSession completed(Affix affix, byte[] data) {
        UploadSession session = affix.uploadSessions().create(spec(data.length));
        return append(affix, session.token(), data, 0, data.length);
    }

    private static NewUploadSession spec(long size) {
        return new NewUploadSession(null, null, "movie.bin", "application/octet-stream", size, Map.of("camera", "x100"),
                Map.of("filename", "movie.bin"));
    }

    private static UploadSession append(Affix affix, String token, byte[] data, int offset, int length) {
        return affix.uploadSessions().append(token, offset, new ByteArrayInputStream(data, offset, length), length, null);
    }

    /** A client that sends {@code sent} bytes from {@code offset} and then goes away. */
    private static InputStream failingAfter(byte[] data, int offset, int sent) {
        return new InputStream() {
            private int position = offset;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buffer, int at, int length) throws IOException {
                if (position == offset + sent) {
                    throw new IOException("connection reset by the test client");
                }
                int n = Math.min(Math.min(length, 64 * 1024), offset + sent - position);
                System.arraycopy(data, position, buffer, at, n);
                position += n;
                return n;
            }
        };
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IOException("the test never released the request");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private Affix start(Map<String, Object> resumable) {
        AffixConfig.Builder config = AffixConfig.builder()
                .secret("resumable-uploads-test-secret")
                .database(DatabaseSettings.of("jdbc:unused", null, null).withTablePrefix(prefix))
                .disk("local", dir.resolve("storage"))
                .attachment("Post.video", Map.of("kind", "one"));
        if (!resumable.isEmpty()) {
            config.endpointSetting("resumable_uploads", resumable);
        }
        Affix affix = Affix.builder(config.build()).dataSource(pool).jobRunner(new InlineJobRunner()).clock(clock).build();
        started.add(affix);
        return affix;
    }

    private List<Path> resumableFiles() {
        Path folder = dir.resolve("storage/.tmp/resumable");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<Long> fileSizes() {
        return resumableFiles().stream().map(file -> {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static byte[] read(Affix affix, Blob blob) {
        try (InputStream in = affix.blobs().download(blob)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static Checksum md5(byte[] data) {
        return Checksum.of(ChecksumAlgorithm.MD5, ChecksumAlgorithm.MD5.newDigest().digest(data));
    }

    private static ChunkChecksum sha1(byte[] data) {
        try {
            return new ChunkChecksum("sha1", MessageDigest.getInstance("SHA-1").digest(data));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

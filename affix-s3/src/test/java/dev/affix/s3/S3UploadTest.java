package dev.affix.s3;

import static dev.affix.s3.TestData.bytes;
import static dev.affix.s3.TestData.checksumOf;
import static dev.affix.s3.TestData.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.storage.Disposition;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import dev.affix.testkit.PatternStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The three upload paths against s3proxy: multipart (5 MiB parts above a 5 MiB threshold), the
 * streamed PutObject of a declared size between one part and the threshold, and the buffered
 * PutObject; each keeps nothing, and no multipart upload, when it fails.
 */
class S3UploadTest {

    private static final long MIB = 1024 * 1024;
    private static final long TWELVE_MIB = 12 * MIB + 12_345;

    private static S3ProxyServer server;
    /** Everything above 5 MiB goes up in 5 MiB parts. */
    private static S3Service multipart;
    /** Parts of 5 MiB, but declared sizes up to 20 MiB go in one streamed PutObject. */
    private static S3Service streamed;
    private String prefix;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start();
        multipart = server.service("multipart", Map.of("multipart_threshold", 5 * MIB, "part_size", 5 * MIB));
        streamed = server.service("streamed", Map.of("multipart_threshold", 20 * MIB, "part_size", 5 * MIB));
    }

    @AfterAll
    static void stopServer() {
        multipart.close();
        streamed.close();
        server.close();
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "upload/" + StorageKeys.random() + "/";
    }

    @AfterEach
    void noMultipartUploadIsLeftBehind() {
        assertThat(server.multipartUploads()).isEmpty();
    }

    // --- a taken key ----------------------------------------------------------------------------

    @Test
    void everyPathRefusesATakenKeyAndKeepsItsObject() {
        byte[] previous = bytes(100, 30);
        multipart.upload(prefix + "taken", new ByteArrayInputStream(previous), UploadOptions.defaults());

        assertThatThrownBy(() -> multipart.upload(prefix + "taken", new ByteArrayInputStream(bytes(10, 31)), UploadOptions.defaults()))
                .as("buffered PutObject").isInstanceOf(KeyExistsException.class).hasMessageContaining("'multipart'");
        assertThatThrownBy(() -> multipart.upload(prefix + "taken", new PatternStream(TWELVE_MIB, 32), UploadOptions.defaults()))
                .as("multipart").isInstanceOf(KeyExistsException.class);
        assertThatThrownBy(() -> streamed.upload(prefix + "taken", new PatternStream(6 * MIB, 33),
                UploadOptions.defaults().withByteSize(6 * MIB))).as("streamed PutObject").isInstanceOf(KeyExistsException.class);
        assertThat(readAll(multipart.download(prefix + "taken"))).isEqualTo(previous);
    }

    @Test
    void everyPathOverwritesWhenAsked() {
        multipart.upload(prefix + "replaced", new ByteArrayInputStream(bytes(100, 34)), UploadOptions.defaults());

        multipart.upload(prefix + "replaced", new PatternStream(TWELVE_MIB, 35), UploadOptions.defaults().overwriting());
        assertThat(head(prefix + "replaced").contentLength()).isEqualTo(TWELVE_MIB);
        streamed.upload(prefix + "replaced", new PatternStream(6 * MIB, 36), UploadOptions.defaults().withByteSize(6 * MIB).overwriting());
        assertThat(head(prefix + "replaced").contentLength()).isEqualTo(6 * MIB);
        byte[] last = bytes(10, 37);
        multipart.upload(prefix + "replaced", new ByteArrayInputStream(last), UploadOptions.defaults().overwriting());
        assertThat(readAll(multipart.download(prefix + "replaced"))).isEqualTo(last);
    }

    /**
     * The key is free when the upload starts and taken by another writer while its bytes are still
     * on the way: S3 decides at the moment it stores the object, so the other writer's object stays.
     */
    @Test
    void aKeyTakenWhileTheUploadIsUnderWayIsRefusedWhenItCompletes() {
        byte[] theirs = bytes(100, 38);
        String key = prefix + "raced";

        assertThatThrownBy(() -> multipart.upload(key, takingTheKeyAfter(new PatternStream(TWELVE_MIB, 39), 7 * MIB, key, theirs),
                UploadOptions.defaults())).as("multipart").isInstanceOf(KeyExistsException.class);
        assertThat(readAll(multipart.download(key))).isEqualTo(theirs);

        String streamedKey = prefix + "raced-streamed";
        assertThatThrownBy(() -> streamed.upload(streamedKey, takingTheKeyAfter(new PatternStream(6 * MIB, 40), 3 * MIB, streamedKey,
                theirs), UploadOptions.defaults().withByteSize(6 * MIB))).as("streamed PutObject").isInstanceOf(KeyExistsException.class);
        assertThat(readAll(streamed.download(streamedKey))).isEqualTo(theirs);
    }

    // --- multipart ----------------------------------------------------------------------------

    @Test
    void multipartUploadOfUnknownLengthKeepsBytesAndReportsTheChecksum() {
        StoredObject stored = multipart.upload(prefix + "big", new PatternStream(TWELVE_MIB, 1), UploadOptions.defaults());

        assertThat(stored.byteSize()).isEqualTo(TWELVE_MIB);
        assertThat(stored.checksum()).isEqualTo(checksumOf(new PatternStream(TWELVE_MIB, 1), ChecksumAlgorithm.MD5));
        assertThat(checksumOf(multipart.download(prefix + "big"), ChecksumAlgorithm.MD5)).isEqualTo(stored.checksum());
        assertThat(head(prefix + "big").eTag()).as("a three-part upload's ETag").endsWith("-3\"");
    }

    @Test
    void multipartUploadVerifiesADeclaredSizeAndSha256() {
        Checksum sha = checksumOf(new PatternStream(TWELVE_MIB, 2), ChecksumAlgorithm.SHA256);

        StoredObject stored = multipart.upload(prefix + "sha", new PatternStream(TWELVE_MIB, 2),
                UploadOptions.verifying(sha).withByteSize(TWELVE_MIB));

        assertThat(stored.checksum()).isEqualTo(sha);
        assertThat(checksumOf(multipart.download(prefix + "sha"), ChecksumAlgorithm.SHA256)).isEqualTo(sha);
    }

    @Test
    void multipartUploadWithWrongChecksumKeepsThePreviousObjectAndNoParts() {
        byte[] previous = bytes(100, 3);
        multipart.upload(prefix + "keep", new ByteArrayInputStream(previous), UploadOptions.defaults());
        Checksum wrong = checksumOf(new PatternStream(TWELVE_MIB, 5), ChecksumAlgorithm.MD5);

        assertThatThrownBy(() -> multipart.upload(prefix + "keep", new PatternStream(TWELVE_MIB, 4), UploadOptions.verifying(wrong)))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("not the " + wrong + " declared");
        assertThat(readAll(multipart.download(prefix + "keep"))).isEqualTo(previous);
    }

    @Test
    void multipartSourceFailingMidwayLeavesNothing() {
        InputStream failing = new FailingAfter(new PatternStream(TWELVE_MIB, 6), 7 * MIB);

        assertThatThrownBy(() -> multipart.upload(prefix + "broken", failing, UploadOptions.defaults()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("failed reading its source")
                .hasMessageContaining("nothing was stored");
        assertThat(multipart.exists(prefix + "broken")).isFalse();
    }

    @Test
    void multipartSourceLongerThanDeclaredStopsAtTheFirstPartPastTheDeclaredSize() {
        CountingStream source = new CountingStream(new PatternStream(TWELVE_MIB, 7));

        assertThatThrownBy(() -> multipart.upload(prefix + "long", source, UploadOptions.defaults().withByteSize(6 * MIB)))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("longer than the " + 6 * MIB + " bytes declared");
        assertThat(source.count).isLessThan(TWELVE_MIB);
        assertThat(multipart.exists(prefix + "long")).isFalse();
    }

    @Test
    void multipartSourceShorterThanDeclaredLeavesNothing() {
        assertThatThrownBy(() -> multipart.upload(prefix + "short", new PatternStream(TWELVE_MIB, 8),
                UploadOptions.defaults().withByteSize(TWELVE_MIB + 1)))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("has " + TWELVE_MIB + " bytes, not the " + (TWELVE_MIB + 1) + " declared");
        assertThat(multipart.exists(prefix + "short")).isFalse();
    }

    @Test
    void sourceEndingExactlyAtAPartBoundaryMakesNoEmptyPart() {
        long size = 10 * MIB;
        StoredObject stored = multipart.upload(prefix + "even", new PatternStream(size, 9), UploadOptions.defaults());

        assertThat(stored.byteSize()).isEqualTo(size);
        assertThat(head(prefix + "even").eTag()).endsWith("-2\"");
        assertThat(checksumOf(multipart.download(prefix + "even"), ChecksumAlgorithm.MD5)).isEqualTo(stored.checksum());
    }

    // --- streamed PutObject of a declared size ------------------------------------------------------

    @Test
    void declaredSizeBelowTheThresholdStreamsInOnePutObject() {
        long size = 6 * MIB + 1;
        Checksum md5 = checksumOf(new PatternStream(size, 10), ChecksumAlgorithm.MD5);

        StoredObject stored = streamed.upload(prefix + "streamed", new PatternStream(size, 10),
                UploadOptions.verifying(md5).withByteSize(size));

        assertThat(stored).isEqualTo(new StoredObject(prefix + "streamed", size, md5));
        assertThat(head(prefix + "streamed").eTag()).as("a single PutObject's ETag is the MD5").doesNotContain("-");
        assertThat(checksumOf(streamed.download(prefix + "streamed"), ChecksumAlgorithm.MD5)).isEqualTo(md5);
    }

    @Test
    void streamedPutWithWrongChecksumKeepsThePreviousObject() {
        byte[] previous = bytes(10, 11);
        streamed.upload(prefix + "keep", new ByteArrayInputStream(previous), UploadOptions.defaults());
        long size = 6 * MIB;
        Checksum wrong = checksumOf(new PatternStream(size, 13), ChecksumAlgorithm.MD5);

        assertThatThrownBy(() -> streamed.upload(prefix + "keep", new PatternStream(size, 12),
                UploadOptions.verifying(wrong).withByteSize(size)))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("nothing was stored");
        assertThat(readAll(streamed.download(prefix + "keep"))).isEqualTo(previous);
    }

    @Test
    void streamedPutOfOtherLengthThanDeclaredLeavesNothing() {
        long size = 6 * MIB;

        assertThatThrownBy(() -> streamed.upload(prefix + "short", new PatternStream(size - 1, 14),
                UploadOptions.defaults().withByteSize(size))).isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> streamed.upload(prefix + "long", new PatternStream(size + 1, 14),
                UploadOptions.defaults().withByteSize(size))).isInstanceOf(IntegrityException.class);
        assertThat(streamed.exists(prefix + "short")).isFalse();
        assertThat(streamed.exists(prefix + "long")).isFalse();
    }

    @Test
    void streamedPutWhoseSourceFailsLeavesNothing() {
        long size = 6 * MIB;
        InputStream failing = new FailingAfter(new PatternStream(size, 15), 3 * MIB);

        assertThatThrownBy(() -> streamed.upload(prefix + "broken", failing, UploadOptions.defaults().withByteSize(size)))
                .isInstanceOf(StorageException.class)
                .isNotInstanceOf(IntegrityException.class)
                .hasMessageContaining("failed reading its source");
        assertThat(streamed.exists(prefix + "broken")).isFalse();
    }

    @Test
    void streamedPutVerifiesSha256() {
        long size = 6 * MIB;
        Checksum wrong = checksumOf(new PatternStream(size, 17), ChecksumAlgorithm.SHA256);

        assertThatThrownBy(() -> streamed.upload(prefix + "sha", new PatternStream(size, 16),
                UploadOptions.verifying(wrong).withByteSize(size))).isInstanceOf(IntegrityException.class);
        assertThat(streamed.exists(prefix + "sha")).isFalse();
    }

    // --- what is stored beside the bytes --------------------------------------------------------------

    @Test
    void typeDispositionAndCustomMetadataAreStoredOnEveryPath() {
        ObjectMetadata metadata = new ObjectMetadata("application/pdf", "résumé \"final\".pdf", Disposition.ATTACHMENT,
                Map.of("Origin", "test", "note", "naïve"));
        String expectedDisposition = "attachment; filename=\"r_sum_ _final_.pdf\"; "
                + "filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf";

        multipart.upload(prefix + "small", new ByteArrayInputStream(bytes(10, 18)), UploadOptions.defaults().withMetadata(metadata));
        multipart.upload(prefix + "parts", new PatternStream(TWELVE_MIB, 19), UploadOptions.defaults().withMetadata(metadata));
        streamed.upload(prefix + "streamed", new PatternStream(6 * MIB, 20),
                UploadOptions.defaults().withByteSize(6 * MIB).withMetadata(metadata));

        for (String key : new String[] {"small", "parts", "streamed"}) {
            HeadObjectResponse head = head(prefix + key);
            assertThat(head.contentType()).as(key).isEqualTo("application/pdf");
            assertThat(head.contentDisposition()).as(key).isEqualTo(expectedDisposition);
            assertThat(head.metadata()).as(key).containsEntry("origin", "test").containsEntry("note", "=?UTF-8?B?bmHDr3Zl?=");
        }
    }

    @Test
    void metadataS3CannotStoreIsRefusedBeforeAnythingIsSent() {
        for (Map<String, String> custom : List.of(Map.of("bad name", "x"), Map.of("big", "x".repeat(3000)))) {
            assertThatThrownBy(() -> multipart.upload(prefix + "refused", new ByteArrayInputStream(bytes(10, 21)),
                    UploadOptions.defaults().withMetadata(ObjectMetadata.none().withCustom(custom))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("metadata");
        }
        assertThatThrownBy(() -> multipart.upload(prefix + "refused", new ByteArrayInputStream(bytes(10, 21)),
                UploadOptions.defaults().withMetadata(ObjectMetadata.none().withContentType("text/plain\r\nX-Evil: 1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("content type");
        assertThat(multipart.exists(prefix + "refused")).isFalse();
    }

    @Test
    void uploadsWithoutATypeAreStoredAsOctetStream() {
        multipart.upload(prefix + "untyped", new ByteArrayInputStream(bytes(10, 22)), UploadOptions.defaults());

        assertThat(head(prefix + "untyped").contentType()).isEqualTo("application/octet-stream");
        assertThat(head(prefix + "untyped").contentDisposition()).isNull();
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static HeadObjectResponse head(String key) {
        try {
            return server.client().headObject(head -> head.bucket(S3ProxyServer.BUCKET).key(key));
        } catch (NoSuchKeyException e) {
            throw new AssertionError("no object at " + key, e);
        }
    }

    /** Serves its source's bytes up to a point, then fails as a dropped connection would. */
    private static final class FailingAfter extends FilterInputStream {
        private final long limit;
        private long served;

        FailingAfter(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (served >= limit) {
                throw new IOException("connection reset by the test after " + served + " bytes");
            }
            int n = in.read(buffer, offset, (int) Math.min(length, limit - served));
            served += Math.max(n, 0);
            return n;
        }
    }

    /** Counts the bytes read from its source. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            count += Math.max(n, 0);
            return n;
        }
    }

    /** The source, which once {@code after} bytes were read stores {@code theirs} at the key behind the service's back. */
    private static InputStream takingTheKeyAfter(InputStream source, long after, String key, byte[] theirs) {
        return new FilterInputStream(source) {
            private long read;
            private boolean taken;

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                read += Math.max(n, 0);
                if (!taken && read >= after) {
                    taken = true;
                    server.client().putObject(put -> put.bucket(S3ProxyServer.BUCKET).key(key), RequestBody.fromBytes(theirs));
                }
                return n;
            }
        };
    }
}

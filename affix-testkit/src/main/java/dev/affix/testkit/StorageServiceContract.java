package dev.affix.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.storage.ByteRange;
import dev.affix.storage.DirectUploadRequest;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.Disposition;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.InvalidKeyException;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.ObjectSummary;
import dev.affix.storage.RangeNotSatisfiableException;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.StorageService;
import dev.affix.storage.StoredObject;
import dev.affix.storage.TempDownload;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UrlOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every storage service keeps, as one suite of tests. A service's test class extends
 * this, returns the service from {@link #service()} and, where its URLs are not plain HTTP, overrides
 * {@link #fetch} and {@link #put}. Each test works under a fresh random prefix, so the suite can run
 * against a shared bucket.
 */
public abstract class StorageServiceContract {

    /** A response to a URL the service issued. */
    public record HttpResult(int status, byte[] body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    protected String prefix;

    /** The service under test. */
    protected abstract StorageService service();

    /** GETs a URL issued by {@link StorageService#url}. */
    protected HttpResult fetch(URI url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new HttpResult(response.statusCode(), response.body());
    }

    /** PUTs bytes to a direct-upload target, with its headers unless told otherwise. */
    protected HttpResult put(DirectUploadTarget target, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.url()).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Host")) {
                request.header(name, value);
            }
        });
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new HttpResult(response.statusCode(), response.body());
    }

    /**
     * What the service keeps besides its objects that a refused or failed write could leave behind:
     * temporary files, unfinished multipart uploads, scratch objects. The suite checks that a write
     * refused because the key is taken leaves this unchanged. Every service that writes such things
     * should override it; the default sees nothing.
     */
    protected List<String> temporaryLeftovers() {
        return List.of();
    }

    /** Lets signed URLs expire. Services whose clock the test controls move it instead of sleeping. */
    protected void letTimePass(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "contract/" + StorageKeys.random() + "/";
    }

    // --- upload and download -------------------------------------------------------------------

    @Test
    void roundTripKeepsBytesAndReportsSizeAndChecksum() throws IOException {
        byte[] data = bytes(1024, 1);
        StoredObject stored = service().upload(key("round-trip"), new ByteArrayInputStream(data), UploadOptions.defaults());

        assertThat(stored.byteSize()).isEqualTo(1024);
        assertThat(stored.checksum()).isEqualTo(md5(data));
        assertThat(readAll(service().download(key("round-trip")))).isEqualTo(data);
        assertThat(service().exists(key("round-trip"))).isTrue();
    }

    @Test
    void emptyObjectRoundTrips() throws IOException {
        StoredObject stored = service().upload(key("empty"), new ByteArrayInputStream(new byte[0]), UploadOptions.defaults());

        assertThat(stored.byteSize()).isZero();
        assertThat(readAll(service().download(key("empty")))).isEmpty();
    }

    @Test
    void uploadWithMatchingChecksumFilenameAndContentTypeSucceeds() throws IOException {
        byte[] data = "hello, affix".getBytes(StandardCharsets.UTF_8);
        UploadOptions options = UploadOptions.verifying(md5(data))
                .withMetadata(new ObjectMetadata("text/plain", "hello.txt", Disposition.ATTACHMENT, Map.of("origin", "test")));

        StoredObject stored = service().upload(key("hello.txt"), new ByteArrayInputStream(data), options);

        assertThat(stored.checksum()).isEqualTo(md5(data));
        assertThat(readAll(service().download(key("hello.txt")))).isEqualTo(data);
    }

    @Test
    void uploadWithWrongChecksumFailsAndLeavesNothing() {
        byte[] data = bytes(4096, 2);
        Checksum wrong = md5(bytes(4096, 3));

        assertThatThrownBy(() -> service().upload(key("bad"), new ByteArrayInputStream(data), UploadOptions.verifying(wrong)))
                .isInstanceOf(IntegrityException.class);
        assertThat(service().exists(key("bad"))).isFalse();
        assertThatThrownBy(() -> service().download(key("bad"))).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void uploadWithWrongChecksumKeepsThePreviousObject() throws IOException {
        byte[] original = bytes(100, 4);
        service().upload(key("keep"), new ByteArrayInputStream(original), UploadOptions.defaults());

        assertThatThrownBy(() -> service().upload(key("keep"), new ByteArrayInputStream(bytes(100, 5)),
                UploadOptions.verifying(md5(bytes(100, 6))).overwriting())).isInstanceOf(IntegrityException.class);
        assertThat(readAll(service().download(key("keep")))).isEqualTo(original);
    }

    @Test
    void sha256ChecksumIsComputedAndVerified() throws IOException {
        byte[] data = bytes(2000, 7);
        Checksum sha = digest(ChecksumAlgorithm.SHA256, data);

        StoredObject stored = service().upload(key("sha"), new ByteArrayInputStream(data),
                UploadOptions.defaults().withAlgorithm(ChecksumAlgorithm.SHA256));
        assertThat(stored.checksum()).isEqualTo(sha);
        assertThat(stored.checksum().toString()).startsWith("sha256:");

        assertThatThrownBy(() -> service().upload(key("sha-bad"), new ByteArrayInputStream(data),
                UploadOptions.verifying(digest(ChecksumAlgorithm.SHA256, bytes(2000, 8))))).isInstanceOf(IntegrityException.class);
        assertThat(service().exists(key("sha-bad"))).isFalse();
        assertThat(readAll(service().download(key("sha")))).isEqualTo(data);
    }

    @Test
    void uploadOfOtherLengthThanDeclaredFailsAndLeavesNothing() {
        byte[] data = bytes(500, 9);

        assertThatThrownBy(() -> service().upload(key("short"), new ByteArrayInputStream(data),
                UploadOptions.defaults().withByteSize(501))).isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> service().upload(key("long"), new ByteArrayInputStream(data),
                UploadOptions.defaults().withByteSize(499))).isInstanceOf(IntegrityException.class);
        assertThat(service().exists(key("short"))).isFalse();
        assertThat(service().exists(key("long"))).isFalse();
    }

    @Test
    void sourceFailingMidStreamLeavesNothing() {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ >= 70_000) {
                    throw new IOException("connection reset by the test");
                }
                return 'x';
            }
        };

        assertThatThrownBy(() -> service().upload(key("broken"), failing, UploadOptions.defaults()))
                .isInstanceOf(StorageException.class);
        assertThat(service().exists(key("broken"))).isFalse();
    }

    // --- existing keys ----------------------------------------------------------------------------

    @Test
    void uploadToATakenKeyIsRefusedAndKeepsTheObject() {
        byte[] first = bytes(3000, 10);
        service().upload(key("taken"), new ByteArrayInputStream(first), UploadOptions.defaults());
        List<String> before = temporaryLeftovers();

        assertThatThrownBy(() -> service().upload(key("taken"), new ByteArrayInputStream(bytes(20, 11)), UploadOptions.defaults()))
                .isInstanceOf(KeyExistsException.class)
                .hasMessageContaining(key("taken"))
                .hasMessageContaining("nothing was changed")
                .satisfies(e -> assertThat(((KeyExistsException) e).key()).isEqualTo(key("taken")));
        assertThat(readAll(service().download(key("taken")))).isEqualTo(first);
        assertThat(temporaryLeftovers()).isEqualTo(before);
    }

    @Test
    void largeUploadToATakenKeyIsRefusedAndKeepsTheObject() {
        byte[] first = bytes(100, 36);
        service().upload(key("taken-large"), new ByteArrayInputStream(first), UploadOptions.defaults());
        List<String> before = temporaryLeftovers();
        long size = 5L * 1024 * 1024 + 1;

        assertThatThrownBy(() -> service().upload(key("taken-large"), new PatternStream(size, 37), UploadOptions.defaults()))
                .isInstanceOf(KeyExistsException.class);
        assertThatThrownBy(() -> service().upload(key("taken-large"), new PatternStream(size, 37),
                UploadOptions.defaults().withByteSize(size))).isInstanceOf(KeyExistsException.class);
        assertThat(readAll(service().download(key("taken-large")))).isEqualTo(first);
        assertThat(temporaryLeftovers()).isEqualTo(before);
    }

    @Test
    void uploadWithOverwriteReplacesAnExistingObject() {
        service().upload(key("twice"), new ByteArrayInputStream(bytes(10, 10)), UploadOptions.defaults());
        byte[] second = bytes(20, 11);
        service().upload(key("twice"), new ByteArrayInputStream(second), UploadOptions.defaults().overwriting());

        assertThat(readAll(service().download(key("twice")))).isEqualTo(second);
    }

    @Test
    void composeIntoATakenKeyIsRefusedAndKeepsTheObject() {
        byte[] existing = bytes(50, 38);
        service().upload(key("joined"), new ByteArrayInputStream(existing), UploadOptions.defaults());
        service().upload(key("piece/1"), new ByteArrayInputStream(bytes(10, 39)), UploadOptions.defaults());
        service().upload(key("piece/2"), new ByteArrayInputStream(bytes(10, 40)), UploadOptions.defaults());
        List<String> before = temporaryLeftovers();

        assertThatThrownBy(() -> service().compose(List.of(key("piece/1"), key("piece/2")), key("joined"), UploadOptions.defaults()))
                .isInstanceOf(KeyExistsException.class)
                .hasMessageContaining(key("joined"));
        assertThat(readAll(service().download(key("joined")))).isEqualTo(existing);
        assertThat(temporaryLeftovers()).isEqualTo(before);

        service().compose(List.of(key("piece/1"), key("piece/2")), key("joined"), UploadOptions.defaults().overwriting());
        assertThat(readAll(service().download(key("joined")))).isEqualTo(concat(bytes(10, 39), bytes(10, 40)));
    }

    @Test
    void largeObjectStreamsInChunks() throws IOException {
        long size = 5L * 1024 * 1024 + 1;
        StoredObject stored = service().upload(key("large"), new PatternStream(size, 12), UploadOptions.defaults());

        assertThat(stored.byteSize()).isEqualTo(size);
        assertThat(stored.checksum()).isEqualTo(checksumOf(new PatternStream(size, 12)));
        MessageDigest downloaded = ChecksumAlgorithm.MD5.newDigest();
        long total = 0;
        try (InputStream in = service().download(key("large"))) {
            byte[] chunk = new byte[64 * 1024];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                downloaded.update(chunk, 0, n);
                total += n;
            }
        }
        assertThat(total).isEqualTo(size);
        assertThat(Checksum.of(ChecksumAlgorithm.MD5, downloaded.digest())).isEqualTo(stored.checksum());
    }

    @Test
    void unicodeAndPunctuationInKeysRoundTrip() throws IOException {
        String odd = key("ünïcødé/文件 name (1) +&=;'.txt");
        byte[] data = bytes(64, 13);
        service().upload(odd, new ByteArrayInputStream(data), UploadOptions.defaults());

        assertThat(service().exists(odd)).isTrue();
        assertThat(readAll(service().download(odd))).isEqualTo(data);
    }

    @Test
    void missingKeyIsNotFoundNeverEmpty() {
        assertThatThrownBy(() -> service().download(key("missing")))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining(key("missing"));
        assertThatThrownBy(() -> service().download(key("missing"), ByteRange.inclusive(0, 1)))
                .isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> service().updateMetadata(key("missing"), ObjectMetadata.none().withContentType("text/plain")))
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void invalidKeysAreRefusedBeforeAnythingIsWritten() {
        for (String bad : List.of("", "/absolute", "../escape", "a/../../escape", "a/./b", "a//b", "nul\0byte",
                "line\nbreak", "trailing/")) {
            assertThatThrownBy(() -> service().upload(bad, new ByteArrayInputStream(bytes(10, 14)), UploadOptions.defaults()))
                    .as("key %s", bad).isInstanceOf(InvalidKeyException.class);
        }
        assertThatThrownBy(() -> service().deletePrefixed("")).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> service().deletePrefixed("../")).isInstanceOf(InvalidKeyException.class);
    }

    // --- ranges ----------------------------------------------------------------------------------

    @Test
    void rangesWithInclusiveAndExclusiveEnds() throws IOException {
        byte[] data = bytes(1000, 15);
        service().upload(key("ranged"), new ByteArrayInputStream(data), UploadOptions.defaults());

        assertThat(readAll(service().download(key("ranged"), ByteRange.inclusive(0, 9)))).isEqualTo(slice(data, 0, 10));
        assertThat(readAll(service().download(key("ranged"), ByteRange.exclusive(10, 20)))).isEqualTo(slice(data, 10, 20));
        assertThat(readAll(service().download(key("ranged"), ByteRange.inclusive(999, 999)))).isEqualTo(slice(data, 999, 1000));
        assertThat(readAll(service().download(key("ranged"), ByteRange.from(990)))).isEqualTo(slice(data, 990, 1000));
    }

    @Test
    void rangePastTheEndIsCutAtTheEnd() throws IOException {
        byte[] data = bytes(100, 16);
        service().upload(key("short-range"), new ByteArrayInputStream(data), UploadOptions.defaults());

        assertThat(readAll(service().download(key("short-range"), ByteRange.inclusive(90, 5000)))).isEqualTo(slice(data, 90, 100));
    }

    @Test
    void rangeStartingPastTheEndIsNotSatisfiable() {
        service().upload(key("tiny"), new ByteArrayInputStream(bytes(10, 17)), UploadOptions.defaults());

        assertThatThrownBy(() -> readAll(service().download(key("tiny"), ByteRange.inclusive(10, 20))))
                .isInstanceOf(RangeNotSatisfiableException.class);
        assertThatThrownBy(() -> readAll(service().download(key("tiny"), ByteRange.inclusive(500, 600))))
                .isInstanceOf(RangeNotSatisfiableException.class);
    }

    // --- exists and delete ------------------------------------------------------------------------

    @Test
    void existsMatchesTheExactKeyOnly() {
        service().upload(key("a/bc"), new ByteArrayInputStream(bytes(5, 18)), UploadOptions.defaults());

        assertThat(service().exists(key("a/bc"))).isTrue();
        assertThat(service().exists(key("a/b"))).isFalse();
        assertThat(service().exists(key("a"))).isFalse();
        assertThat(service().exists(key("a/bcd"))).isFalse();
    }

    @Test
    void headReportsTheSizeOfTheExactKeyOnly() {
        service().upload(key("a/bc"), new ByteArrayInputStream(bytes(1234, 30)), UploadOptions.defaults());
        service().upload(key("empty"), new ByteArrayInputStream(new byte[0]), UploadOptions.defaults());

        assertThat(service().head(key("a/bc"))).contains(new ObjectSummary(key("a/bc"), 1234));
        assertThat(service().head(key("empty"))).contains(new ObjectSummary(key("empty"), 0));
        assertThat(service().head(key("a/b"))).isEmpty();
        assertThat(service().head(key("a/bcd"))).isEmpty();
        assertThatThrownBy(() -> service().head("../escape")).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void linkingALocalFileStoresItsVerifiedBytesOrDeclinesLeavingNothing() throws Exception {
        byte[] content = bytes(3000, 33);
        Path file = Files.createTempFile("affix-contract-", ".link");
        try {
            Files.write(file, content);
            Optional<StoredObject> linked = service().link(key("linked"), file, UploadOptions.defaults());
            if (linked.isPresent()) {
                assertThat(linked.get()).isEqualTo(new StoredObject(key("linked"), content.length, md5(content)));
                assertThat(readAll(service().download(key("linked")))).isEqualTo(content);
                assertThatThrownBy(() -> service().link(key("linked"), file, UploadOptions.defaults()))
                        .isInstanceOf(KeyExistsException.class);
                assertThatThrownBy(() -> service().link(key("refused"), file, UploadOptions.verifying(md5(bytes(3000, 34)))))
                        .isInstanceOf(IntegrityException.class);
                assertThat(service().exists(key("refused"))).isFalse();
            } else {
                assertThat(service().exists(key("linked"))).as("a declined link leaves nothing").isFalse();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void listGivesEveryObjectUnderThePrefixWithItsSize() {
        Map<String, Integer> sizes = Map.of("a/b/1", 3, "a/b/c/2", 7, "a/bc", 5, "a/bx/3", 0, "other/1", 9);
        sizes.forEach((k, size) -> service().upload(key(k), new ByteArrayInputStream(bytes(size, 31)), UploadOptions.defaults()));

        assertThat(listed(key("a/b"))).containsExactlyInAnyOrder(
                new ObjectSummary(key("a/b/1"), 3), new ObjectSummary(key("a/b/c/2"), 7),
                new ObjectSummary(key("a/bc"), 5), new ObjectSummary(key("a/bx/3"), 0));
        assertThat(listed(key("a/b/"))).extracting(ObjectSummary::key).containsExactlyInAnyOrder(key("a/b/1"), key("a/b/c/2"));
        assertThat(listed(key("a/bc"))).extracting(ObjectSummary::key).containsExactly(key("a/bc"));
        assertThat(listed(key("none/"))).isEmpty();
        try (Stream<ObjectSummary> everything = service().list("")) {
            assertThat(everything.map(ObjectSummary::key).filter(k -> k.startsWith(prefix)))
                    .containsExactlyInAnyOrderElementsOf(sizes.keySet().stream().map(this::key).toList());
        }
    }

    @Test
    void listTreatsPatternCharactersLiterally() {
        for (String k : List.of("lit/[x]*?{y}/1", "lit/ab/2", "lit/x/3")) {
            service().upload(key(k), new ByteArrayInputStream(bytes(3, 32)), UploadOptions.defaults());
        }

        assertThat(listed(key("lit/*"))).isEmpty();
        assertThat(listed(key("lit/?"))).isEmpty();
        assertThat(listed(key("lit/[a]"))).isEmpty();
        assertThat(listed(key("lit/[x]*"))).extracting(ObjectSummary::key).containsExactly(key("lit/[x]*?{y}/1"));
        assertThatThrownBy(() -> listed("../escape")).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void deleteRemovesAndIsIdempotent() {
        service().upload(key("doomed"), new ByteArrayInputStream(bytes(5, 19)), UploadOptions.defaults());

        service().delete(key("doomed"));
        assertThat(service().exists(key("doomed"))).isFalse();
        service().delete(key("doomed"));
        service().delete(key("never-existed"));
    }

    @Test
    void deletePrefixedKeepsSiblings() {
        for (String k : List.of("a/b/1", "a/b/c/2", "a/bc", "a/bx/3", "other/1")) {
            service().upload(key(k), new ByteArrayInputStream(bytes(3, 20)), UploadOptions.defaults());
        }

        service().deletePrefixed(key("a/b/"));

        assertThat(service().exists(key("a/b/1"))).isFalse();
        assertThat(service().exists(key("a/b/c/2"))).isFalse();
        assertThat(service().exists(key("a/bc"))).isTrue();
        assertThat(service().exists(key("a/bx/3"))).isTrue();
        assertThat(service().exists(key("other/1"))).isTrue();
    }

    @Test
    void deletePrefixedMatchesMidSegmentPrefixesAsPlainText() {
        for (String k : List.of("logs/2024-01", "logs/2024-02/x", "logs/2025-01")) {
            service().upload(key(k), new ByteArrayInputStream(bytes(3, 21)), UploadOptions.defaults());
        }

        service().deletePrefixed(key("logs/2024"));

        assertThat(service().exists(key("logs/2024-01"))).isFalse();
        assertThat(service().exists(key("logs/2024-02/x"))).isFalse();
        assertThat(service().exists(key("logs/2025-01"))).isTrue();
    }

    @Test
    void deletePrefixedTreatsPatternCharactersLiterally() {
        String special = "lit/[x]*?{y}\\z/";
        for (String k : List.of(special + "1", "lit/ab/2", "lit/[x]/3", "lit/x/4", "lit/{y}/5")) {
            service().upload(key(k), new ByteArrayInputStream(bytes(3, 22)), UploadOptions.defaults());
        }

        service().deletePrefixed(key("lit/*"));
        service().deletePrefixed(key("lit/?"));
        service().deletePrefixed(key("lit/[a]"));
        service().deletePrefixed(key("lit/{ab,x}"));
        assertThat(List.of("lit/ab/2", "lit/[x]/3", "lit/x/4", "lit/{y}/5", special + "1")).allSatisfy(
                k -> assertThat(service().exists(key(k))).as(k).isTrue());

        service().deletePrefixed(key(special));

        assertThat(service().exists(key(special + "1"))).isFalse();
        assertThat(List.of("lit/ab/2", "lit/[x]/3", "lit/x/4", "lit/{y}/5")).allSatisfy(
                k -> assertThat(service().exists(key(k))).as(k).isTrue());
    }

    // --- compose and metadata ---------------------------------------------------------------------

    @Test
    void composeConcatenatesSourcesInOrder() throws IOException {
        byte[] one = bytes(1000, 23);
        byte[] two = bytes(2000, 24);
        byte[] three = bytes(10, 25);
        service().upload(key("parts/1"), new ByteArrayInputStream(one), UploadOptions.defaults());
        service().upload(key("parts/2"), new ByteArrayInputStream(two), UploadOptions.defaults());
        service().upload(key("parts/3"), new ByteArrayInputStream(three), UploadOptions.defaults());
        byte[] whole = concat(one, two, three);

        StoredObject composed = service().compose(List.of(key("parts/1"), key("parts/2"), key("parts/3")), key("whole"),
                UploadOptions.verifying(md5(whole)).withMetadata(ObjectMetadata.none().withContentType("application/octet-stream")));

        assertThat(composed.byteSize()).isEqualTo(whole.length);
        assertThat(composed.checksum()).isEqualTo(md5(whole));
        assertThat(readAll(service().download(key("whole")))).isEqualTo(whole);
        assertThat(service().exists(key("parts/2"))).isTrue();
    }

    @Test
    void composeWithAMissingSourceFailsAndCreatesNothing() {
        service().upload(key("parts/1"), new ByteArrayInputStream(bytes(10, 26)), UploadOptions.defaults());

        assertThatThrownBy(() -> service().compose(List.of(key("parts/1"), key("parts/missing")), key("whole"),
                UploadOptions.defaults())).isInstanceOf(ObjectNotFoundException.class);
        assertThat(service().exists(key("whole"))).isFalse();
    }

    @Test
    void metadataOfAnExistingObjectCanBeUpdated() throws IOException {
        byte[] data = bytes(10, 27);
        service().upload(key("meta"), new ByteArrayInputStream(data), UploadOptions.defaults());

        service().updateMetadata(key("meta"), new ObjectMetadata("image/png", "pic.png", Disposition.INLINE, Map.of("k", "v")));

        assertThat(readAll(service().download(key("meta")))).isEqualTo(data);
    }

    @Test
    void downloadToWritesTheWholeObjectIntoAFile() throws IOException {
        byte[] data = bytes(70_000, 35);
        service().upload(key("to-file"), new ByteArrayInputStream(data), UploadOptions.defaults());
        java.nio.file.Path target = Files.createTempFile("affix-contract", ".bin");
        try {
            Files.writeString(target, "previous content, longer than nothing");

            assertThat(service().downloadTo(key("to-file"), target)).isEqualTo(data.length);
            assertThat(Files.readAllBytes(target)).isEqualTo(data);
            assertThatThrownBy(() -> service().downloadTo(key("no-such"), target)).isInstanceOf(ObjectNotFoundException.class);
        } finally {
            Files.deleteIfExists(target);
        }
    }

    @Test
    void downloadToTempFileVerifiesTheChecksum() throws IOException {
        byte[] data = bytes(3000, 28);
        service().upload(key("temp"), new ByteArrayInputStream(data), UploadOptions.defaults());

        try (TempDownload download = service().downloadToTempFile(key("temp"), md5(data))) {
            assertThat(Files.readAllBytes(download.path())).isEqualTo(data);
        }
        assertThatThrownBy(() -> service().downloadToTempFile(key("temp"), md5(bytes(3000, 29))))
                .isInstanceOf(IntegrityException.class);
    }

    // --- URLs and direct uploads ------------------------------------------------------------------

    @Test
    void urlServesTheBytes() throws Exception {
        byte[] data = bytes(777, 30);
        service().upload(key("served.bin"), new ByteArrayInputStream(data), UploadOptions.defaults());

        URI url = service().url(key("served.bin"), UrlOptions.expiringIn(Duration.ofMinutes(5))
                .withFilename("served.bin").withDisposition(Disposition.ATTACHMENT).withContentType("application/octet-stream"));
        HttpResult result = fetch(url);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).isEqualTo(data);
    }

    @Test
    void urlStopsWorkingAfterItExpires() throws Exception {
        if (service().isPublic()) {
            return;
        }
        service().upload(key("expiring"), new ByteArrayInputStream(bytes(10, 31)), UploadOptions.defaults());

        URI url = service().url(key("expiring"), UrlOptions.expiringIn(Duration.ofSeconds(1)));
        assertThat(fetch(url).ok()).isTrue();
        letTimePass(Duration.ofMillis(2500));

        assertThat(fetch(url).ok()).isFalse();
    }

    @Test
    void directUploadAcceptsExactlyTheDeclaredBytes() throws Exception {
        byte[] data = bytes(4096, 32);
        DirectUploadTarget target = service().directUpload(key("direct"),
                new DirectUploadRequest(data.length, md5(data), "application/octet-stream", ObjectMetadata.none(), null));
        assertThat(target.headers()).containsEntry("Content-Type", "application/octet-stream");

        HttpResult result = put(target, target.headers(), data);

        assertThat(result.ok()).as("status %s: %s", result.status(), new String(result.body(), StandardCharsets.UTF_8)).isTrue();
        assertThat(readAll(service().download(key("direct")))).isEqualTo(data);
    }

    @Test
    void directUploadRefusesOtherBytes() throws Exception {
        byte[] declared = bytes(4096, 33);
        byte[] other = bytes(4096, 34);
        DirectUploadTarget target = service().directUpload(key("direct-bad"),
                new DirectUploadRequest(declared.length, md5(declared), "application/octet-stream", ObjectMetadata.none(), null));

        HttpResult result = put(target, target.headers(), other);

        assertThat(result.ok()).isFalse();
        assertThat(service().exists(key("direct-bad"))).isFalse();
    }

    @Test
    void directUploadToATakenKeyIsRefusedAndKeepsTheObject() throws Exception {
        byte[] first = bytes(100, 41);
        service().upload(key("direct-taken"), new ByteArrayInputStream(first), UploadOptions.defaults());
        byte[] data = bytes(4096, 42);
        DirectUploadTarget target = service().directUpload(key("direct-taken"),
                new DirectUploadRequest(data.length, md5(data), "application/octet-stream", ObjectMetadata.none(), null));

        HttpResult result = put(target, target.headers(), data);

        assertThat(result.ok()).as("status %s", result.status()).isFalse();
        assertThat(readAll(service().download(key("direct-taken")))).isEqualTo(first);
    }

    @Test
    void serviceCheckPasses() {
        assertThat(service().check().ok()).as(service().check().detail()).isTrue();
    }

    // --- helpers ---------------------------------------------------------------------------------

    protected String key(String suffix) {
        return prefix + suffix;
    }

    protected List<ObjectSummary> listed(String listPrefix) {
        try (Stream<ObjectSummary> objects = service().list(listPrefix)) {
            return objects.toList();
        }
    }

    protected static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    protected static Checksum md5(byte[] data) {
        return digest(ChecksumAlgorithm.MD5, data);
    }

    protected static Checksum digest(ChecksumAlgorithm algorithm, byte[] data) {
        return Checksum.of(algorithm, algorithm.newDigest().digest(data));
    }

    protected static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Checksum checksumOf(InputStream in) throws IOException {
        MessageDigest digest = ChecksumAlgorithm.MD5.newDigest();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
        }
        return Checksum.of(ChecksumAlgorithm.MD5, digest.digest());
    }

    private static byte[] slice(byte[] data, int from, int to) {
        return java.util.Arrays.copyOfRange(data, from, to);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

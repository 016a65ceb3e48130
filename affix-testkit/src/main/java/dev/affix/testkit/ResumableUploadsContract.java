package dev.affix.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.ResumableMd5;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ResumableChunk;
import dev.affix.storage.ResumableUpload;
import dev.affix.storage.ResumableUploads;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.StorageService;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UploadedPart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ResumableUploads}, which every service that offers it keeps: a service's test
 * module extends this, returns the service from {@link #service()} and tells what its uploads leave
 * behind while they run ({@link #leftovers()}). The suite plays the part Affix plays: it keeps the
 * state, parts and offset that the service reports as kept, asks for the capability afresh for every
 * call (as another process would), and sizes its chunks around S3's 5 MiB part minimum.
 */
public abstract class ResumableUploadsContract {

    private static final int MIB = 1024 * 1024;

    protected String prefix;

    /** The service under test. */
    protected abstract StorageService service();

    /**
     * What the service holds for uploads that are neither complete nor aborted, by name (files,
     * multipart uploads, temporary objects, uncommitted blocks), so the suite can check that complete
     * and abort leave none.
     */
    protected abstract List<String> leftovers();

    @BeforeEach
    void freshPrefix() {
        prefix = "resumable-contract/" + StorageKeys.random() + "/";
    }

    @Test
    void chunksOfUnevenSizesBecomeTheObjectOnlyWhenComplete() {
        byte[] data = bytes(12 * MIB + 123, 1);
        Upload upload = begin("uneven", data.length);

        upload.appendWhole(data, 0, MIB + 5);
        upload.appendWhole(data, MIB + 5, 6 * MIB);
        upload.appendWhole(data, 7 * MIB + 5, 3);
        assertThat(service().exists(upload.key())).as("nothing is at the key before complete").isFalse();
        upload.appendWhole(data, 7 * MIB + 8, data.length - (7 * MIB + 8));
        upload.complete();

        assertThat(readAll(upload.key())).isEqualTo(data);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void manySmallChunksAddUpAcrossPartBoundaries() {
        byte[] data = bytes(6 * MIB + 1000, 2);
        Upload upload = begin("small-chunks", data.length);
        int chunk = 256 * 1024;
        for (int offset = 0; offset < data.length; offset += chunk) {
            upload.appendWhole(data, offset, Math.min(chunk, data.length - offset));
        }
        upload.complete();

        assertThat(readAll(upload.key())).isEqualTo(data);
    }

    @Test
    void aChunkCutOffHalfwayKeepsWhatItReportsAndTheRestCompletesTheObject() {
        byte[] data = bytes(13 * MIB, 3);
        Upload upload = begin("cut-off", data.length);
        upload.appendWhole(data, 0, 2 * MIB);

        long kept = upload.appendCutOff(data, 2 * MIB, 9 * MIB, 7 * MIB + 12345);

        assertThat(kept).isBetween(2L * MIB, 9L * MIB + 12345);
        upload.appendWhole(data, (int) kept, data.length - (int) kept);
        upload.complete();
        assertThat(readAll(upload.key())).isEqualTo(data);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aChunkWhoseResultIsNotRecordedLeavesNoTraceInTheObject() {
        byte[] data = bytes(11 * MIB, 4);
        byte[] wrong = bytes(11 * MIB, 5);
        Upload upload = begin("discarded", data.length);
        upload.appendWhole(data, 0, 3 * MIB);

        upload.appendDiscarded(wrong, 3 * MIB, 7 * MIB);
        upload.appendWhole(data, 3 * MIB, 7 * MIB);
        upload.appendDiscarded(wrong, 10 * MIB, MIB);
        upload.appendWhole(data, 10 * MIB, MIB);
        upload.complete();

        assertThat(readAll(upload.key())).isEqualTo(data);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aOneByteUploadCompletes() {
        Upload upload = begin("one-byte", 1);
        upload.appendWhole(new byte[] {42}, 0, 1);
        upload.complete();

        assertThat(readAll(upload.key())).containsExactly(42);
    }

    @Test
    void completeRefusesATakenKeyAndLeavesTheObjectThere() {
        byte[] theirs = bytes(100, 6);
        service().upload(prefix + "taken", new ByteArrayInputStream(theirs), UploadOptions.defaults());
        byte[] data = bytes(6 * MIB, 7);
        Upload upload = begin("taken", data.length);
        upload.appendWhole(data, 0, data.length);

        assertThatThrownBy(upload::complete).isInstanceOf(KeyExistsException.class);
        assertThat(readAll(upload.key())).isEqualTo(theirs);
        upload.abort();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void abortRemovesWhatTheUploadStoredAndMayBeRepeated() {
        byte[] data = bytes(8 * MIB, 8);
        Upload upload = begin("aborted", data.length);
        upload.appendWhole(data, 0, 6 * MIB + 17);
        upload.appendDiscarded(data, 6 * MIB + 17, 100);

        upload.abort();
        upload.abort();

        assertThat(service().exists(upload.key())).isFalse();
        assertThat(leftovers()).isEmpty();
    }

    /** Uploads {@code data} in one chunk to {@code prefix + name} and completes it; returns the key. */
    protected String uploadInOneChunk(String name, byte[] data) {
        Upload upload = begin(name, data.length);
        upload.appendWhole(data, 0, data.length);
        upload.complete();
        return upload.key();
    }

    protected static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    protected byte[] readAll(String key) {
        try (InputStream in = service().download(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Upload begin(String name, long byteSize) {
        String key = prefix + name;
        ObjectMetadata metadata = new ObjectMetadata("application/octet-stream", name + ".bin", null, Map.of("origin", "contract"));
        String state = capability().begin(key, byteSize, metadata);
        return new Upload(new ResumableUpload(key, byteSize, 0, state, 0), metadata);
    }

    private ResumableUploads capability() {
        return service().resumableUploads().orElseThrow(() -> new AssertionError(service().name() + " offers no resumable uploads"));
    }

    /** An upload as Affix would record it between requests: what the service last reported kept. */
    private final class Upload {
        private ResumableUpload current;
        private final List<UploadedPart> parts = new ArrayList<>();
        private final ObjectMetadata metadata;
        private final ResumableMd5 digest = ResumableMd5.start();

        Upload(ResumableUpload current, ObjectMetadata metadata) {
            this.current = current;
            this.metadata = metadata;
        }

        String key() {
            return current.key();
        }

        void appendWhole(byte[] data, int offset, int length) {
            TestChunk chunk = new TestChunk(data, offset, length, Integer.MAX_VALUE, current.partCount());
            capability().append(current, chunk);
            assertThat(chunk.keptAt).as("a chunk read to its end is kept whole").isEqualTo(length);
            record(chunk);
        }

        /** A chunk whose client goes away after {@code sent} bytes; returns the offset it reached. */
        long appendCutOff(byte[] data, int offset, int length, int sent) {
            TestChunk chunk = new TestChunk(data, offset, length, sent, current.partCount());
            assertThatThrownBy(() -> capability().append(current, chunk)).isInstanceOf(RuntimeException.class);
            assertThat(chunk.keptAt).as("no more is kept than was read").isLessThanOrEqualTo(sent);
            record(chunk);
            return current.offset();
        }

        /** A chunk read and stored whole, whose result Affix then throws away (it failed its checksum). */
        void appendDiscarded(byte[] data, int offset, int length) {
            capability().append(current, new TestChunk(data, offset, length, Integer.MAX_VALUE, current.partCount()));
        }

        void complete() {
            capability().complete(current, List.copyOf(parts), metadata, checksum());
        }

        void abort() {
            capability().abort(current);
        }

        private Checksum checksum() {
            return digest.checksum();
        }

        private void record(TestChunk chunk) {
            if (chunk.keptState != null) {
                digest.update(chunk.data, chunk.start, chunk.keptAt);
                parts.addAll(chunk.keptParts);
                current = new ResumableUpload(current.key(), current.byteSize(), current.offset() + chunk.keptAt, chunk.keptState,
                        current.partCount() + chunk.keptParts.size());
            }
        }
    }

    /** A chunk of a byte array, optionally failing after some bytes as a client that goes away does, that remembers what was kept. */
    private static final class TestChunk extends ResumableChunk {
        private final byte[] data;
        private final int start;
        private final int length;
        private final int failAfter;
        private final int firstPartNumber;
        private int read;
        private final List<UploadedPart> parts = new ArrayList<>();
        private int keptAt;
        private String keptState;
        private List<UploadedPart> keptParts = List.of();

        TestChunk(byte[] data, int start, int length, int failAfter, int partCount) {
            this.data = data;
            this.start = start;
            this.length = length;
            this.failAfter = failAfter;
            this.firstPartNumber = partCount + 1;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public long remaining() {
            return length - read;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            if (count == 0) {
                return 0;
            }
            if (read == length) {
                return -1;
            }
            if (read >= failAfter) {
                throw new IOException("the test client went away after " + read + " bytes");
            }
            int n = Math.min(Math.min(count, length - read), failAfter - read);
            n = Math.min(n, 1 + read % 70_000);
            System.arraycopy(data, start + read, buffer, offset, n);
            read += n;
            return n;
        }

        @Override
        public void kept(String state, UploadedPart part) {
            if (part != null) {
                assertThat(part.number()).as("parts are numbered in order").isEqualTo(firstPartNumber + parts.size());
                parts.add(part);
            }
            keptAt = read;
            keptState = state;
            keptParts = List.copyOf(parts);
        }
    }
}

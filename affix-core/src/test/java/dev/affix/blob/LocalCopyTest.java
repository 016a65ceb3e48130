package dev.affix.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.storage.IntegrityException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** The copy an upload leaves for analysis: private, and readable only once its checksum matched. */
class LocalCopyTest {

    private static final byte[] BYTES = "bytes that stream past".getBytes(StandardCharsets.UTF_8);

    @Test
    void holdsExactlyTheBytesReadThroughItOnceVerified() throws Exception {
        Path path;
        try (LocalCopy copy = LocalCopy.create()) {
            try (InputStream in = copy.capture(new ByteArrayInputStream(BYTES), ChecksumAlgorithm.MD5)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            assertThatThrownBy(copy::path).as("unverified").isInstanceOf(IllegalStateException.class);
            copy.verify(md5(BYTES));
            path = copy.path();
            assertThat(Files.readAllBytes(path)).isEqualTo(BYTES);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        }
        assertThat(path).doesNotExist();
    }

    @Test
    void bytesThatDoNotMatchTheRecordedChecksumAreNeverHandedOut() throws Exception {
        try (LocalCopy copy = LocalCopy.create()) {
            try (InputStream in = copy.capture(new ByteArrayInputStream(BYTES), ChecksumAlgorithm.MD5)) {
                in.readNBytes(5);
            }
            assertThatThrownBy(() -> copy.verify(md5(BYTES))).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("the local copy of an upload has checksum");
            assertThatThrownBy(copy::path).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void skippingWouldLeaveBytesOutAndIsRefused() throws IOException {
        try (LocalCopy copy = LocalCopy.create();
             InputStream in = copy.capture(new ByteArrayInputStream(BYTES), ChecksumAlgorithm.MD5)) {
            assertThatThrownBy(() -> in.skip(3)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    private static Checksum md5(byte[] data) throws Exception {
        return Checksum.of(ChecksumAlgorithm.MD5, MessageDigest.getInstance("MD5").digest(data));
    }
}

package dev.affix.checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResumableMd5Test {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 65_537})
    void agreesWithTheJdkAtLengthsAroundTheBlockAndPaddingBoundaries(int length) {
        byte[] bytes = randomBytes(length, length);
        ResumableMd5 md5 = ResumableMd5.start();
        md5.update(bytes, 0, bytes.length);

        assertThat(md5.checksum()).isEqualTo(jdk(bytes));
        assertThat(md5.length()).isEqualTo(length);
    }

    @Test
    void aDigestSavedAndRestoredBetweenRandomPiecesEndsAsTheWholeFilesDigest() {
        Random random = new Random(42);
        byte[] bytes = randomBytes(300_000, 7);
        ResumableMd5 md5 = ResumableMd5.start();
        int offset = 0;
        while (offset < bytes.length) {
            int piece = Math.min(bytes.length - offset, random.nextInt(5000));
            md5.update(bytes, offset, piece);
            offset += piece;
            String state = md5.state();
            md5 = ResumableMd5.restore(state);
            assertThat(md5.state()).isEqualTo(state);
            assertThat(md5.length()).isEqualTo(offset);
        }

        assertThat(md5.checksum()).isEqualTo(jdk(bytes));
    }

    @Test
    void askingForTheChecksumLeavesTheStateToGrowFurther() {
        byte[] bytes = randomBytes(1000, 3);
        ResumableMd5 md5 = ResumableMd5.start();
        md5.update(bytes, 0, 500);
        Checksum half = md5.checksum();
        md5.update(bytes, 500, 500);

        assertThat(half).isEqualTo(jdk(Arrays.copyOf(bytes, 500)));
        assertThat(md5.checksum()).isEqualTo(jdk(bytes));
    }

    @Test
    void aCopyIsIndependentOfItsOriginal() {
        byte[] bytes = randomBytes(200, 5);
        ResumableMd5 md5 = ResumableMd5.start();
        md5.update(bytes, 0, 100);
        ResumableMd5 copy = md5.copy();
        md5.update(bytes, 100, 100);

        assertThat(copy.length()).isEqualTo(100);
        assertThat(copy.checksum()).isEqualTo(jdk(Arrays.copyOf(bytes, 100)));
    }

    @Test
    void restoringRefusesWhatIsNoState() {
        assertThatThrownBy(() -> ResumableMd5.restore("sha1:AAAA")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResumableMd5.restore("md5:!!")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> ResumableMd5.restore("md5:AAAA")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short");
        String withoutItsUnfinishedBytes = stateWithLength(3);
        assertThatThrownBy(() -> ResumableMd5.restore(withoutItsUnfinishedBytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must carry 3 unfinished bytes");
    }

    private static String stateWithLength(long length) {
        ByteBuffer state = ByteBuffer.allocate(24);
        state.putInt(1).putInt(2).putInt(3).putInt(4).putLong(length);
        return "md5:" + Base64.getEncoder().encodeToString(state.array());
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Checksum jdk(byte[] bytes) {
        MessageDigest digest = ChecksumAlgorithm.MD5.newDigest();
        return Checksum.of(ChecksumAlgorithm.MD5, digest.digest(bytes));
    }
}

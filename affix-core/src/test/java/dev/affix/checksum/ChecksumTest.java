package dev.affix.checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChecksumTest {

    @Test
    void md5MatchesWhatMd5sumPrints() throws IOException {
        byte[] data = "hello\n".getBytes(StandardCharsets.UTF_8);
        try (DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data), ChecksumAlgorithm.MD5)) {
            in.readAllBytes();
            assertThat(in.checksum().hex()).isEqualTo("b1946ac92492d2347c6235b4d2611184");
            assertThat(in.checksum().toString()).isEqualTo("sZRqySSS0jR8YjW00mERhA==");
            assertThat(in.byteCount()).isEqualTo(6);
        }
    }

    @Test
    void sha256HasAPrefixInItsTextualForm() {
        Checksum sha = Checksum.of(ChecksumAlgorithm.SHA256, ChecksumAlgorithm.SHA256.newDigest().digest(new byte[0]));

        assertThat(sha.toString()).isEqualTo("sha256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        assertThat(Checksum.parse(sha.toString())).isEqualTo(sha);
        assertThat(Checksum.parse("sZRqySSS0jR8YjW00mERhA==").algorithm()).isEqualTo(ChecksumAlgorithm.MD5);
    }

    @Test
    void malformedChecksumsAreRefusedWithAReason() {
        assertThatThrownBy(() -> Checksum.parse("not base64!")).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> Checksum.parse("AAAA")).hasMessageContaining("3 bytes long");
        assertThatThrownBy(() -> Checksum.parse("sha256:sZRqySSS0jR8YjW00mERhA==")).hasMessageContaining("SHA256");
    }
}

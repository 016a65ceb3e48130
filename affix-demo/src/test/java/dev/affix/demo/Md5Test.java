package dev.affix.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The MD5 inside affix-uploads.js, run in Chromium and compared with the JDK's. */
class Md5Test extends BrowserTestSupport {

    /** Defines bytes(n): the same pseudo-random bytes as {@link #bytes(int)}, and hex(digest). */
    private static final String HELPERS = """
            () => {
            window.bytes = n => {
              const out = new Uint8Array(n);
              let x = 1;
              for (let i = 0; i < n; i++) { x = (Math.imul(x, 1103515245) + 12345) | 0; out[i] = (x >>> 16) & 255; }
              return out;
            };
            window.hex = digest => Array.from(digest, b => b.toString(16).padStart(2, "0")).join("");
            }
            """;

    @BeforeEach
    void loadModule() {
        page.navigate("/posts/new");
        page.evaluate(HELPERS);
    }

    @Test
    void matchesTheVectorsOfRfc1321() {
        Map<String, String> vectors = Map.of(
                "", "d41d8cd98f00b204e9800998ecf8427e",
                "a", "0cc175b9c0f1b6a831c399e269772661",
                "abc", "900150983cd24fb0d6963f7d28e17f72",
                "message digest", "f96b697d7cb7938d525a2f31aaf161d0",
                "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b",
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f",
                "12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a");
        for (Map.Entry<String, String> vector : vectors.entrySet()) {
            Object digest = page.evaluate("async text => { const { Md5 } = await import('/js/affix-uploads.js');"
                    + " return hex(new Md5().update(new TextEncoder().encode(text)).digest()); }", vector.getKey());
            assertThat(digest).as("MD5 of '%s'", vector.getKey()).isEqualTo(vector.getValue());
        }
    }

    @Test
    void matchesTheJdkAcrossBlockAndPaddingBoundaries() {
        // every length up to three blocks: the padding takes one or two blocks depending on n mod 64
        @SuppressWarnings("unchecked")
        List<String> digests = (List<String>) page.evaluate("async () => { const { Md5 } = await import('/js/affix-uploads.js');"
                + " const data = bytes(200); const out = [];"
                + " for (let n = 0; n <= 200; n++) out.push(hex(new Md5().update(data.subarray(0, n)).digest()));"
                + " return out; }");
        byte[] data = bytes(200);
        List<String> expected = new ArrayList<>();
        for (int n = 0; n <= 200; n++) {
            expected.add(HexFormat.of().formatHex(md5(Arrays.copyOf(data, n))));
        }
        assertThat(digests).isEqualTo(expected);
    }

    @Test
    void givesTheSameDigestWhateverTheSizesOfTheUpdates() {
        Object digest = page.evaluate("async () => { const { Md5 } = await import('/js/affix-uploads.js');"
                + " const data = bytes(100000); const md5 = new Md5(); let at = 0;"
                + " for (const size of [1, 63, 64, 65, 0, 127, 1000, 4096, 7]) { md5.update(data.subarray(at, at + size)); at += size; }"
                + " md5.update(data.subarray(at)); return hex(md5.digest()); }");
        assertThat(digest).isEqualTo(HexFormat.of().formatHex(md5(bytes(100000))));
    }

    @Test
    void checksumsAFileInTwoMegabyteSlicesAsTheProtocolSays() {
        int size = 5 * 1024 * 1024 + 3; // three slices, the last one short
        Object checksum = page.evaluate("async size => { const { checksum } = await import('/js/affix-uploads.js');"
                + " return checksum(new Blob([bytes(size)])); }", size);
        assertThat(checksum).isEqualTo(Base64.getEncoder().encodeToString(md5(bytes(size))));
        Object empty = page.evaluate("async () => { const { checksum } = await import('/js/affix-uploads.js');"
                + " return checksum(new Blob([])); }");
        assertThat(empty).isEqualTo("1B2M2Y8AsgTpgAmY7PhCfg==");
    }

    /** The same bytes as the page's bytes(n): a linear congruential sequence. */
    static byte[] bytes(int n) {
        byte[] out = new byte[n];
        int x = 1;
        for (int i = 0; i < n; i++) {
            x = x * 1103515245 + 12345;
            out[i] = (byte) ((x >>> 16) & 255);
        }
        return out;
    }

    static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

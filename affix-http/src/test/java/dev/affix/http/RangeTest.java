package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.blob.Blob;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One byte range per request, on the proxy and the Disk endpoint, with a cap of 1000 bytes. */
class RangeTest {

    static final int SIZE = 5000;
    static final int CAP = 1000;

    @TempDir
    static Path dir;
    static HttpFixture http;
    static byte[] bytes;
    static Blob blob;

    @BeforeAll
    static void start() {
        http = HttpFixture.start(dir, EndpointOptions.builder().maxRangeBytes(CAP).build(), DirectUploadAuthorizer.ALLOW_ALL);
        bytes = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            bytes[i] = (byte) (i % 251);
        }
        blob = http.storeAs(bytes, "numbers.bin", "application/octet-stream");
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @ParameterizedTest
    @CsvSource({
        "bytes=0-99,         0,    99",
        "bytes=4990-9999999, 4990, 4999",
        "bytes=-500,         4500, 4999",
        "bytes=4000-,        4000, 4999",
        "bytes=1000-,        1000, 1999",   // an open range is cut at the cap
        "bytes=0-999,        0,    999",
        "bytes=0-0,          0,    0",
        "BYTES=7-9,          7,    9",
        "bytes=0007-0009,    7,    9"})
    void servesOneRange(String header, int first, int last) {
        for (String path : new String[] {http.proxyPath(blob), diskPath()}) {
            HttpResponse<byte[]> response = http.get(path, "Range", header);

            assertThat(response.statusCode()).as(path).isEqualTo(206);
            assertThat(response.headers().firstValue("content-range")).hasValue("bytes " + first + "-" + last + "/" + SIZE);
            assertThat(response.headers().firstValue("content-length")).hasValue(String.valueOf(last - first + 1));
            assertThat(response.headers().firstValue("accept-ranges")).hasValue("bytes");
            assertThat(response.body()).isEqualTo(Arrays.copyOfRange(bytes, first, last + 1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "bytes=5000-", "bytes=5000-5001", "bytes=99999999999999999999999-",     // start at or past the end, huge
        "bytes=0-1000", "bytes=-1001", "bytes=-6000",                           // longer than the cap
        "bytes=0-1,3-4", "bytes=0-1, 5-6", "bytes=0-1,",                        // more than one range
        "bytes=abc", "bytes=5-2", "bytes=", "bytes=-", "bytes=--5", "bytes=1-2-3", "bytes=-0", "bytes=0x10-20", "bytes=1 -2"})
    void refusesWith416(String header) {
        for (String path : new String[] {http.proxyPath(blob), diskPath()}) {
            HttpResponse<byte[]> response = http.get(path, "Range", header);

            assertThat(response.statusCode()).as(path + " " + header).isEqualTo(416);
            assertThat(response.headers().firstValue("content-range")).hasValue("bytes */" + SIZE);
            assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
            // an error is never cached, and carries nothing a cache could revalidate it with
            assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
            assertThat(response.headers().map()).doesNotContainKeys("etag", "last-modified");
            assertThat(response.body()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"items=0-5", "0-5", "none"})
    void ignoresRangesInUnitsOtherThanBytes(String header) {
        HttpResponse<byte[]> response = http.get(http.proxyPath(blob), "Range", header);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(bytes);
    }

    @Test
    void aSuffixLongerThanASmallObjectServesAllOfIt() {
        Blob small = http.storeAs(Arrays.copyOf(bytes, 300), "small.bin", "application/octet-stream");

        HttpResponse<byte[]> response = http.get(http.proxyPath(small), "Range", "bytes=-500");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("content-range")).hasValue("bytes 0-299/300");
        assertThat(response.body()).isEqualTo(Arrays.copyOf(bytes, 300));
    }

    @Test
    void noRangeOfAnEmptyObjectIsSatisfiable() {
        Blob empty = http.storeAs(new byte[0], "empty.bin", "application/octet-stream");

        HttpResponse<byte[]> whole = http.get(http.proxyPath(empty));
        HttpResponse<byte[]> ranged = http.get(http.proxyPath(empty), "Range", "bytes=0-0");
        HttpResponse<byte[]> suffix = http.get(http.proxyPath(empty), "Range", "bytes=-1");

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("content-length")).hasValue("0");
        assertThat(ranged.statusCode()).isEqualTo(416);
        assertThat(ranged.headers().firstValue("content-range")).hasValue("bytes */0");
        assertThat(suffix.statusCode()).isEqualTo(416);
    }

    @Test
    void ifRangeAppliesTheRangeOnlyToTheSameObject() {
        String etag = "\"" + blob.checksum() + "\"";

        HttpResponse<byte[]> same = http.get(http.proxyPath(blob), "Range", "bytes=0-9", "If-Range", etag);
        HttpResponse<byte[]> sameDate = http.get(http.proxyPath(blob), "Range", "bytes=0-9", "If-Range", BlobProxyTest.httpDate(blob.createdAt()));
        HttpResponse<byte[]> changed = http.get(http.proxyPath(blob), "Range", "bytes=0-9", "If-Range", "\"other\"");
        HttpResponse<byte[]> weak = http.get(http.proxyPath(blob), "Range", "bytes=0-9", "If-Range", "W/" + etag);

        assertThat(same.statusCode()).isEqualTo(206);
        assertThat(sameDate.statusCode()).isEqualTo(206);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo(bytes);
        assertThat(weak.statusCode()).isEqualTo(200);
    }

    private static String diskPath() {
        return http.get(http.redirectPath(blob)).headers().firstValue("location").map(URI::create).map(URI::getRawPath).orElseThrow();
    }
}

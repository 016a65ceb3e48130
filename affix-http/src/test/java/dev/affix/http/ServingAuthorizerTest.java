package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.blob.Blob;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@link ServingAuthorizer} that lets only requests marked {@code X-Test-User: owner} have blobs served. */
class ServingAuthorizerTest {

    @TempDir
    static Path dir;
    static HttpFixture http;
    static final List<Blob> asked = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        http = HttpFixture.start(dir, HttpFixture.Setup.defaults().serving((request, blob) -> {
            asked.add(blob);
            return "owner".equals(request.getHeader("X-Test-User"));
        }));
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void allowedRequestsAreServedAndCachedByTheBrowserOnly() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");
        asked.clear();

        HttpResponse<byte[]> proxied = http.get(http.proxyPath(blob), "X-Test-User", "owner");
        HttpResponse<byte[]> redirected = http.get(http.redirectPath(blob), "X-Test-User", "owner");

        assertThat(proxied.statusCode()).isEqualTo(200);
        assertThat(proxied.body()).isEqualTo(HttpFixture.PNG);
        // a shared cache would hand the bytes to anyone without asking the authoriser
        assertThat(proxied.headers().firstValue("cache-control")).hasValue("private, max-age=31536000, immutable");
        assertThat(redirected.statusCode()).isEqualTo(302);
        assertThat(asked).containsExactly(blob, blob);
    }

    @Test
    void refusedRequestsGetABare403AndNothingOfTheBlob() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");

        for (String path : new String[] {http.proxyPath(blob), http.redirectPath(blob)}) {
            HttpResponse<byte[]> refused = http.get(path, "X-Test-User", "someone else");

            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(refused.body()).as(path).isEmpty();
            assertThat(refused.headers().firstValue("cache-control")).as(path).hasValue("no-store");
            assertThat(refused.headers().map()).as(path).doesNotContainKeys("location", "etag", "last-modified", "content-disposition");
        }
    }

    @Test
    void forgedIdsAreNot404dDifferentlyAndNeverReachTheAuthoriser() {
        asked.clear();

        HttpResponse<byte[]> forged = http.get(HttpFixture.PREFIX + "/blobs/proxy/forged.token/pixel.png", "X-Test-User", "owner");

        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(asked).isEmpty();
    }

    @Test
    void theDiskUrlARedirectLeadsToIsTheGrantAndIsNotAskedAgain() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");
        URI disk = URI.create(http.get(http.redirectPath(blob), "X-Test-User", "owner").headers().firstValue("location").orElseThrow());
        asked.clear();

        HttpResponse<byte[]> download = http.get(disk);

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(HttpFixture.PNG);
        assertThat(asked).isEmpty();
    }
}

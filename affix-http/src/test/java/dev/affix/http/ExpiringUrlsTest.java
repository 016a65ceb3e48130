package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.blob.Blob;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serving URLs that expire, globally ({@code http.urls_expire_in}, here 10 minutes) or one by one: they
 * work until then, answer the bare 404 after, and no cache keeps what they served any longer.
 */
class ExpiringUrlsTest {

    @TempDir
    static Path dir;
    static HttpFixture http;
    static BlobUrls urls;

    @BeforeAll
    static void start() {
        http = HttpFixture.start(dir, HttpFixture.Setup.defaults().httpSetting("urls_expire_in", "10m"));
        urls = new BlobUrls(http.affix);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void theConfiguredExpiryAppliesToEveryUrl() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");
        String proxy = urls.proxyPath(blob);
        String redirect = urls.redirectPath(blob);
        URI absolute = urls.proxyUrl(blob);

        HttpResponse<byte[]> fresh = http.get(proxy);
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.headers().firstValue("cache-control")).hasValue("public, max-age=600, immutable");
        assertThat(http.get(redirect).statusCode()).isEqualTo(302);
        assertThat(http.get(absolute).statusCode()).isEqualTo(200);

        http.clock.advance(Duration.ofMinutes(9));
        assertThat(http.get(proxy).headers().firstValue("cache-control")).hasValue("public, max-age=60, immutable");

        // expiries are whole seconds, rounded up: a second past the ten minutes is surely past
        http.clock.advance(Duration.ofSeconds(61));
        for (HttpResponse<byte[]> expired : new HttpResponse[] {http.get(proxy), http.get(redirect), http.get(absolute)}) {
            assertThat(expired.statusCode()).isEqualTo(404);
            assertThat(expired.body()).isEmpty();
            assertThat(expired.headers().firstValue("cache-control")).hasValue("no-store");
        }
    }

    @Test
    void aUrlMayBeGivenItsOwnExpiry() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");
        String proxy = urls.proxyPath(blob, Duration.ofSeconds(90));
        String redirect = urls.redirectPath(blob, Duration.ofSeconds(90));
        URI redirectUrl = urls.redirectUrl(blob, Duration.ofSeconds(90));

        assertThat(http.get(proxy).headers().firstValue("cache-control")).hasValue("public, max-age=90, immutable");
        HttpResponse<byte[]> redirected = http.get(redirect);
        assertThat(redirected.statusCode()).isEqualTo(302);
        // the service URL lasts no longer than the URL that led to it (less than the 5 minutes of redirect_expires_in)
        assertThat(redirected.headers().firstValue("cache-control")).hasValue("private, max-age=90");
        URI disk = URI.create(redirected.headers().firstValue("location").orElseThrow());
        assertThat(http.get(redirectUrl).statusCode()).isEqualTo(302);

        http.clock.advance(Duration.ofSeconds(89));
        assertThat(http.get(proxy).statusCode()).isEqualTo(200);
        assertThat(http.get(disk).statusCode()).isEqualTo(200);
        http.clock.advance(Duration.ofSeconds(2));
        assertThat(http.get(proxy).statusCode()).isEqualTo(404);
        assertThat(http.get(redirect).statusCode()).isEqualTo(404);
        assertThat(http.get(redirectUrl).statusCode()).isEqualTo(404);
        assertThat(http.get(disk).statusCode()).isEqualTo(404);
    }

    @Test
    void withoutAnExpiryUrlsLastAndAreCachedForAYear() {
        BlobUrls permanent = new BlobUrls(http.affix, EndpointOptions.defaults());
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");
        String proxy = permanent.proxyPath(blob);

        http.clock.advance(Duration.ofDays(400));

        HttpResponse<byte[]> response = http.get(proxy);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
    }

    @Test
    void anExpiryUnderASecondIsRefused() {
        Blob blob = http.store(HttpFixture.PNG, "pixel.png");

        assertThatThrownBy(() -> urls.proxyPath(blob, Duration.ofMillis(500))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> urls.redirectUrl(blob, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.blob.Blob;
import dev.affix.variant.Representation;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many requests at once for a variant nobody has made: one transformation, every request served its
 * bytes; and the application's {@link ServingAuthorizer} decides before anything is made.
 */
class RepresentationSingleFlightTest {

    @Test
    void twentyConcurrentRequestsForAFreshVariantMakeItOnce(@TempDir Path dir) throws Exception {
        TestImageProcessor processor = new TestImageProcessor();
        AtomicInteger asked = new AtomicInteger();
        // the authoriser is asked by each request before it looks for the variant: it counts the requests that arrived
        ServingAuthorizer counting = (request, blob) -> {
            asked.incrementAndGet();
            return true;
        };
        try (HttpFixture http = HttpFixture.start(dir, HttpFixture.Setup.defaults().serving(counting).extension(processor))) {
            Blob blob = http.store(RepresentationEndpointTest.png(800, 600), "photo.png");
            Representation thumb = http.affix.variants().representation(blob, RepresentationEndpointTest.THUMB);
            String path = new RepresentationUrls(http.affix).proxyPath(thumb);
            processor.hold();

            List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                responses.add(http.client.sendAsync(http.request(path).build(), HttpResponse.BodyHandlers.ofByteArray()));
            }
            // the first request is held inside the processor until all twenty are in; a bounded wait, no timing asserted
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (asked.get() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            processor.release();

            assertThat(asked.get()).isEqualTo(20);
            byte[] first = responses.get(0).get().body();
            assertThat(first).startsWith(RepresentationEndpointTest.PNG_MAGIC);
            for (CompletableFuture<HttpResponse<byte[]>> response : responses) {
                assertThat(response.get().statusCode()).isEqualTo(200);
                assertThat(response.get().body()).isEqualTo(first);
                // an authoriser is asked: only the browser may keep the answer
                assertThat(response.get().headers().firstValue("cache-control")).hasValue("private, max-age=31536000, immutable");
            }
            assertThat(processor.calls()).isEqualTo(1);
        }
    }

    @Test
    void aRefusedRequestGetsA403AndNothingIsMade(@TempDir Path dir) {
        TestImageProcessor processor = new TestImageProcessor();
        ServingAuthorizer refusing = (request, blob) -> !blob.filename().startsWith("private");
        try (HttpFixture http = HttpFixture.start(dir, HttpFixture.Setup.defaults().serving(refusing).extension(processor))) {
            Blob blob = http.store(RepresentationEndpointTest.png(300, 200), "private.png");
            Representation thumb = http.affix.variants().representation(blob, RepresentationEndpointTest.THUMB);
            RepresentationUrls urls = new RepresentationUrls(http.affix);

            HttpResponse<byte[]> proxied = http.get(urls.proxyPath(thumb));
            HttpResponse<byte[]> redirected = http.get(urls.redirectPath(thumb));

            assertThat(proxied.statusCode()).isEqualTo(403);
            assertThat(proxied.body()).isEmpty();
            assertThat(redirected.statusCode()).isEqualTo(403);
            assertThat(processor.calls()).isZero();
            assertThat(thumb.isProcessed()).isFalse();
        }
    }
}

package dev.affix.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.affix.attachment.Attachable;
import dev.affix.attachment.Attachment;
import dev.affix.blob.Blob;
import dev.affix.http.BlobUrls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every request that changes something needs the session's CSRF token, and direct uploads also need to
 * come from the demo's own origin; the routes that a signed token authorises (serving, the Disk PUT)
 * need neither, and keep their own caching headers.
 */
class RequestSafetyTest extends BrowserTestSupport {

    /** Another site: the browser is sent there by the test, which answers for it (nothing listens there). */
    private static final String ATTACKER = "http://attacker.example";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    PostRepository posts;

    @TempDir
    Path files;

    Post post;
    Attachment cover;
    Attachment tides;

    @BeforeEach
    void aPostWithTwoFiles() {
        post = posts.insert("Breakwater", "A cover and a table of tides.", Instant.now());
        cover = affix.one(post, Post.COVER).attach(TestFiles.cover(files.resolve("breakwater.png"), 600, 225));
        tides = affix.many(post, Post.FILES).attach(Attachable.file(TestFiles.csv(files.resolve("tides.csv"), 4_000, 7))).get(0);
    }

    /** The demo's three forms, as another site would post them, each with the fields it needs. */
    private Map<String, Map<String, String>> forms() {
        Map<String, Map<String, String>> forms = new LinkedHashMap<>();
        forms.put("/posts/" + post.id() + "/attachments/" + tides.id() + "/purge", Map.of());
        forms.put("/posts/" + post.id() + "/delete", Map.of());
        forms.put("/posts", Map.of("title", "Planted by another site"));
        return forms;
    }

    @ParameterizedTest
    @ValueSource(strings = {"no token", "the attacker's own token"})
    void formsPostedFromAnotherSiteAreRefusedAndChangeNothing(String variant) {
        page.navigate("/"); // the victim has a session, and with it a token, that the other site cannot read
        String attackerToken = variant.equals("no token") ? null : tokenOfAnotherSession();
        int postsBefore = posts.newest(10_000).size();

        Map<String, String> pages = new LinkedHashMap<>(); // the other site's pages, one per form, by path
        forms().forEach((action, values) -> {
            Map<String, String> fields = new LinkedHashMap<>(values);
            if (attackerToken != null) {
                fields.put("_csrf", attackerToken);
            }
            pages.put(action, attackerPage(BASE + action, fields));
        });
        context.route(ATTACKER + "/**", route -> route.fulfill(new Route.FulfillOptions().setContentType("text/html; charset=utf-8")
                .setBody(pages.get(URI.create(route.request().url()).getPath()))));

        for (String action : pages.keySet()) {
            page.navigate(ATTACKER + action);
            Response answer = page.waitForResponse(response -> response.request().method().equals("POST"),
                    () -> page.getByText("Claim your prize").click());
            assertThat(answer.url()).isEqualTo(BASE + action);
            assertThat(answer.status()).as("POST %s from another site, with %s", action, variant).isEqualTo(403);
            assertThat(page.locator("h2")).hasText("Refused");
        }
        assertNothingChanged(postsBefore);
    }

    @Test
    void requestsWithoutTheSessionsTokenAreRefusedAndTheRightOneWorks() {
        String anotherSessionsToken = tokenOfAnotherSession();
        page.navigate("/posts/" + post.id());
        PageToken own = PageToken.of(page);
        int postsBefore = posts.newest(10_000).size();

        Map<String, Function<FormData, FormData>> tokens = new LinkedHashMap<>();
        tokens.put("no token", form -> form);
        tokens.put("a forged token", form -> form.set(own.param(), "Zm9yZ2VkLXRva2VuLWZvcmdlZC10b2tlbi0xMjM0"));
        tokens.put("another session's token", form -> form.set(own.param(), anotherSessionsToken));
        for (Map.Entry<String, Map<String, String>> route : forms().entrySet()) {
            for (Map.Entry<String, Function<FormData, FormData>> token : tokens.entrySet()) {
                FormData form = FormData.create();
                route.getValue().forEach(form::set);
                APIResponse answer = page.request().post(route.getKey(), RequestOptions.create().setForm(token.getValue().apply(form))
                        .setHeader("Origin", BASE).setMaxRedirects(0));
                assertThat(answer.status()).as("POST %s with %s", route.getKey(), token.getKey()).isEqualTo(403);
            }
        }
        assertNothingChanged(postsBefore);

        // the same requests with the session's token go through: the refusals above were the token's doing
        for (String route : forms().keySet()) {
            FormData form = FormData.create().set(own.param(), own.token());
            forms().get(route).forEach(form::set);
            APIResponse answer = page.request().post(route, RequestOptions.create().setForm(form).setMaxRedirects(0));
            assertThat(answer.status()).as("POST %s with the session's token", route).isEqualTo(302);
        }
        assertThat(affix.blobs().find(tides.blob().id())).as("the purged file's row").isEmpty();
        assertThat(posts.find(post.id())).as("the deleted post").isEmpty();
        assertThat(posts.newest(10_000)).as("the published post").extracting(Post::title).contains("Planted by another site");
    }

    @Test
    void directUploadsNeedTheSessionsTokenAndTheDemosOriginButTheDiskPutNeedsNeither() throws IOException {
        page.navigate("/posts/new");
        PageToken own = PageToken.of(page);
        Path list = TestFiles.text(files.resolve("packing-list.txt"), "tent\nstove\nmap\n");
        String declaration = declaration(list, "text/plain");
        int blobsBefore = affix.blobs().page(null, 0, 100_000).size();

        Map<String, Map<String, String>> refused = new LinkedHashMap<>();
        refused.put("no token", Map.of("Origin", BASE));
        refused.put("a forged token", Map.of("Origin", BASE, PageToken.HEADER, "Zm9yZ2VkLXRva2VuLWZvcmdlZC10b2tlbi0xMjM0"));
        refused.put("another origin", Map.of("Origin", ATTACKER, PageToken.HEADER, own.token()));
        refused.put("an opaque origin", Map.of("Origin", "null", PageToken.HEADER, own.token()));
        refused.put("no origin", Map.of(PageToken.HEADER, own.token()));
        refused.put("a same-site page", Map.of("Origin", BASE, "Sec-Fetch-Site", "same-site", PageToken.HEADER, own.token()));
        for (Map.Entry<String, Map<String, String>> request : refused.entrySet()) {
            APIResponse answer = createDirectUpload(declaration, request.getValue());
            assertThat(answer.status()).as("POST direct_uploads with %s", request.getKey()).isEqualTo(403);
        }
        assertThat(affix.blobs().page(null, 0, 100_000)).as("blobs created by refused requests").hasSize(blobsBefore);

        APIResponse created = createDirectUpload(declaration, Map.of("Origin", BASE, "Sec-Fetch-Site", "same-origin", PageToken.HEADER, own.token()));
        assertThat(created.status()).as("POST direct_uploads from the demo's page").isEqualTo(200);
        JsonObject upload = JsonParser.parseString(created.text()).getAsJsonObject().getAsJsonObject("direct_upload");

        // the bytes go to the URL with exactly the headers given: no cookie, no CSRF token
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.get("url").getAsString()))
                .PUT(HttpRequest.BodyPublishers.ofFile(list));
        upload.getAsJsonObject("headers").entrySet().forEach(header -> put.header(header.getKey(), header.getValue().getAsString()));
        assertThat(send(put.build()).statusCode()).as("the Disk PUT").isEqualTo(204);
        Blob blob = affix.blobs().findSigned(JsonParser.parseString(created.text()).getAsJsonObject().get("signed_id").getAsString())
                .orElseThrow();
        try (InputStream stored = affix.blobs().download(blob)) {
            assertThat(TestFiles.md5(stored)).as("the bytes stored").isEqualTo(TestFiles.md5(list));
        }
    }

    @Test
    void aPageOpenedAtAnotherOriginCannotCreateUploads() {
        // localhost is another origin than 127.0.0.1, where the demo's base_url points: same server, same
        // page, a genuine token of that origin's session, and still no upload
        String elsewhere = "http://localhost:" + PORT;
        int blobsBefore = affix.blobs().page(null, 0, 100_000).size();
        page.navigate(elsewhere + "/posts/new");
        assertThat(page.locator(".alert.warning")).containsText(BASE);
        page.locator("input[name=files]").setInputFiles(TestFiles.text(files.resolve("notes.txt"), "Not from here.\n"));

        assertThat(page.locator(".upload")).hasAttribute("data-state", "error");
        assertThat(page.locator(".upload .upload-status")).hasText("Refused: reload the page and add the file again.");
        assertThat(page.locator("input[type=hidden][name=files]")).hasCount(0);
        assertThat(affix.blobs().page(null, 0, 100_000)).as("blobs").hasSize(blobsBefore);
    }

    @Test
    void servedFilesKeepTheirImmutableCachingAndSetNoCookie() {
        BlobUrls urls = new BlobUrls(affix);
        HttpResponse<InputStream> proxied = get(BASE + urls.proxyPath(cover.blob()), Map.of());
        assertServedAsCacheable(proxied, "by proxy");
        HttpResponse<InputStream> revalidated = get(BASE + urls.proxyPath(cover.blob()),
                Map.of("If-None-Match", proxied.headers().firstValue("ETag").orElseThrow()));
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertServedAsCacheable(revalidated, "revalidated");

        HttpResponse<InputStream> redirect = get(BASE + urls.redirectPath(cover.blob()), Map.of());
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertNoSecurityHeaders(redirect, "the redirect");
        assertServedAsCacheable(get(redirect.headers().firstValue("Location").orElseThrow(), Map.of()), "from the Disk URL");

        // the browser, whose session cookie goes with every request: the image still comes without one
        page.navigate("/posts/" + post.id());
        assertThat(page.locator(".post-cover img")).hasJSProperty("naturalWidth", 600);
        APIResponse inPage = page.request().get(urls.proxyPath(cover.blob()));
        assertThat(inPage.status()).isEqualTo(200);
        assertThat(inPage.headers()).doesNotContainKey("set-cookie").doesNotContainKey("x-frame-options");
        assertThat(inPage.headers().get("cache-control")).endsWith("max-age=31536000, immutable");

        // the pages themselves do get Spring Security's headers: only the servlet's signed routes are left alone
        HttpResponse<InputStream> list = get(BASE + "/", Map.of());
        assertThat(list.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(list.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        assertThat(list.headers().firstValue("Set-Cookie")).as("the session that holds the page's token")
                .hasValueSatisfying(cookie -> assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax"));
    }

    /** A genuine token of the demo, from a session in another browser: what an attacker gets by visiting the demo himself. */
    private static String tokenOfAnotherSession() {
        BrowserContext other = Chromium.browser().newContext();
        try {
            Page otherPage = other.newPage();
            otherPage.navigate(BASE + "/posts/new");
            return PageToken.of(otherPage).token();
        } finally {
            other.close();
        }
    }

    private void assertNothingChanged(int postsBefore) {
        assertThat(posts.find(post.id())).as("the post").isPresent();
        assertThat(affix.many(post, Post.FILES).blobs()).extracting(Blob::id).as("the post's files").containsExactly(tides.blob().id());
        assertThat(affix.one(post, Post.COVER).blob()).map(Blob::id).as("the post's cover").hasValue(cover.blob().id());
        for (Blob blob : List.of(cover.blob(), tides.blob())) {
            assertThat(affix.blobs().service(blob).exists(blob.key())).as("%s's bytes", blob.filename()).isTrue();
        }
        assertThat(posts.newest(10_000)).as("posts").hasSize(postsBefore);
    }

    private static void assertServedAsCacheable(HttpResponse<?> response, String how) {
        assertThat(response.statusCode()).as(how).isIn(200, 304);
        assertThat(response.headers().firstValue("Cache-Control")).as("Cache-Control %s", how)
                .hasValueSatisfying(value -> assertThat(value).matches("(private|public), max-age=31536000, immutable"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).as(how).hasValue("nosniff");
        assertNoSecurityHeaders(response, how);
    }

    /** None of what Spring Security writes on the pages: no cookie, no frame ban, no Pragma or Expires against caching. */
    private static void assertNoSecurityHeaders(HttpResponse<?> response, String how) {
        assertThat(response.headers().map().keySet()).as("headers %s", how).map(String::toLowerCase)
                .doesNotContain("set-cookie", "x-frame-options", "pragma", "expires", "x-xss-protection");
    }

    private APIResponse createDirectUpload(String declaration, Map<String, String> headers) {
        RequestOptions options = RequestOptions.create().setHeader("Content-Type", "application/json").setData(declaration);
        headers.forEach(options::setHeader);
        return page.request().post("/affix/direct_uploads", options);
    }

    /** What a client sends to {@code POST direct_uploads} for the file. */
    private static String declaration(Path file, String contentType) {
        JsonObject blob = new JsonObject();
        blob.addProperty("filename", file.getFileName().toString());
        blob.addProperty("content_type", contentType);
        blob.addProperty("byte_size", file.toFile().length());
        blob.addProperty("checksum", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(TestFiles.md5(file))));
        JsonObject body = new JsonObject();
        body.add("blob", blob);
        return body.toString();
    }

    /** A page of another site with one of the demo's forms behind a button, as a forged request is made. */
    private static String attackerPage(String action, Map<String, String> fields) {
        StringBuilder inputs = new StringBuilder();
        fields.forEach((name, value) -> inputs.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(value)
                .append("\">"));
        return """
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>You won</title></head>
                <body><form method="post" action="%s">%s<button>Claim your prize</button></form></body></html>
                """.formatted(action, inputs);
    }

    private static HttpResponse<InputStream> get(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        headers.forEach(request::header);
        return send(request.build());
    }

    private static HttpResponse<InputStream> send(HttpRequest request) {
        try {
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

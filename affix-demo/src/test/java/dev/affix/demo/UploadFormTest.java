package dev.affix.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.blob.NewBlob;
import dev.affix.http.BlobUrls;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** The new-post form with the project's own client: several files with progress, and files the server refuses. */
class UploadFormTest extends BrowserTestSupport {

    @Autowired
    PostRepository posts;

    @TempDir
    Path files;

    @Test
    void uploadsSeveralFilesWithProgressAndThePostShowsThemIntact() {
        Path cover = TestFiles.cover(files.resolve("harbour.png"), 1200, 450);
        Path measurements = TestFiles.csv(files.resolve("measurements.csv"), 6 * 1024 * 1024, 1); // three 2 MB checksum slices
        Path notes = TestFiles.text(files.resolve("notes.txt"), "Low tide at 14:10.\nBring the long lens.\n");
        Path settings = TestFiles.text(files.resolve("camera.json"), "{\"iso\": 200, \"aperture\": \"f/8\"}\n");
        Map<String, Path> all = Map.of("harbour.png", cover, "measurements.csv", measurements, "notes.txt", notes, "camera.json", settings);

        UploadEvents events = UploadEvents.record(page);
        page.navigate("/posts/new");
        page.getByLabel("Title").fill("Harbour, early morning");
        page.getByLabel("Text").fill("Photos and readings from the pier.\nThe tide table is attached.");
        CDPSession network = throttleUploads(page, 2_000_000); // bytes per second: slow enough to watch the bars move
        page.locator("input[name=cover]").setInputFiles(cover);
        page.locator("input[name=files]").setInputFiles(new Path[] {measurements, notes, settings});

        Locator big = row("measurements.csv");
        page.waitForCondition(() -> percent(big) >= 25);
        assertThat(page.locator("[data-publish]")).isDisabled();
        Screenshots.save(page, "demo-form");
        page.waitForCondition(() -> page.locator(".upload[data-state=done]").count() == 4);
        network.detach();

        for (String name : all.keySet()) {
            assertThat(row(name).locator(".upload-status")).hasText("Uploaded");
            List<String> types = events.typesFor(name);
            assertThat(types).as(name).startsWith("direct-upload:initialize", "direct-upload:start", "direct-upload:before-blob-request",
                    "direct-upload:before-storage-request").endsWith("direct-upload:progress", "direct-upload:end").doesNotContain("direct-upload:error");
        }
        assertThat(events.progressOf("measurements.csv")).as("the big file's progress, step by step")
                .isSorted().filteredOn(p -> p > 0 && p < 100).hasSizeGreaterThanOrEqualTo(3);
        assertThat(events.all().stream().map(UploadEvents.Event::type).filter(type -> type.startsWith("direct-uploads:")))
                .as("the form's events").startsWith("direct-uploads:start").endsWith("direct-uploads:end");
        assertThat(page.locator("[data-publish]")).isEnabled();

        publish();
        page.waitForURL(Pattern.compile(".*/posts/\\d+$"));
        assertThat(page.locator(".notice")).containsText("Published");
        long postId = Long.parseLong(page.url().replaceAll(".*/posts/", ""));

        Locator cards = page.locator(".file");
        assertThat(cards).hasCount(4);
        assertThat(page.locator(".post-cover img")).hasJSProperty("naturalWidth", 1200);
        for (Map.Entry<String, Path> file : all.entrySet()) {
            Locator card = page.locator(".file[data-filename='" + file.getKey() + "']");
            String expected = TestFiles.md5(file.getValue());
            assertThat(card.locator(".file-checksum")).hasText("md5 " + expected);
            assertThat(Downloads.md5(BASE, card.getByText("Open · proxy").getAttribute("href"))).as("%s by proxy", file.getKey())
                    .isEqualTo(expected);
            assertThat(Downloads.md5(BASE, card.getByText("Download · redirect").getAttribute("href"))).as("%s by redirect", file.getKey())
                    .isEqualTo(expected);
        }
        assertThat(page.locator(".file[data-filename='harbour.png'] .file-type")).hasText("image/png");
        assertThat(page.locator(".file[data-filename='measurements.csv'] .file-type")).hasText("text/csv");

        List<Attachment> attached = affix.attachmentsOf(Post.TYPE, List.of(postId)).get(RecordRef.of(Post.TYPE, postId));
        assertThat(attached.stream().collect(Collectors.groupingBy(Attachment::name, Collectors.mapping(a -> a.blob().filename(),
                Collectors.toSet())))).isEqualTo(Map.of("cover", Set.of("harbour.png"),
                "files", Set.of("measurements.csv", "notes.txt", "camera.json")));

        page.setViewportSize(1280, 1180);
        page.navigate("/");
        assertThat(page.locator("#post-" + postId)).isVisible();
        Screenshots.saveWindow(page, "demo-posts");
    }

    @Test
    void showsWhyAFileIsRefusedAndStoresNothingOfIt() {
        Path tooLarge = TestFiles.sized(files.resolve("holiday.mp4"), 5L * 1024 * 1024 * 1024 + 1); // past even resumable uploads
        Path html = TestFiles.text(files.resolve("invitation.html"), "<!doctype html><script>alert(1)</script>");
        Path fine = TestFiles.text(files.resolve("packing-list.txt"), "tent\nstove\nmap\n");
        long blobsBefore = affix.blobs().page(null, 0, 100_000).size();
        long objectsBefore = TestFiles.storedObjects(HOME.resolve("storage"));

        UploadEvents events = UploadEvents.record(page);
        page.navigate("/posts/new");
        page.getByLabel("Title").fill("Weekend away");
        page.locator("input[name=files]").setInputFiles(new Path[] {tooLarge, html, fine});
        page.waitForCondition(() -> page.locator(".upload[data-state=done], .upload[data-state=error]").count() == 3);

        assertThat(row("holiday.mp4")).hasAttribute("data-state", "error");
        assertThat(row("holiday.mp4").locator(".upload-status")).hasText("Too large: files may be up to 5 GB.");
        assertThat(row("invitation.html")).hasAttribute("data-state", "error");
        assertThat(row("invitation.html").locator(".upload-status")).hasText("text/html is not accepted here.");
        assertThat(row("packing-list.txt")).hasAttribute("data-state", "done");
        assertThat(events.typesFor("holiday.mp4")).contains("direct-upload:error").doesNotContain("direct-upload:before-storage-request");
        assertThat(page.locator("input[type=hidden][name=files]")).hasCount(1);
        Screenshots.save(page, "demo-form-errors");

        assertThat(affix.blobs().page(null, 0, 100_000)).as("only the accepted file has a blob").hasSize((int) blobsBefore + 1);
        assertThat(TestFiles.storedObjects(HOME.resolve("storage"))).as("only the accepted file has bytes").isEqualTo(objectsBefore + 1);

        publish();
        page.waitForURL(Pattern.compile(".*/posts/\\d+$"));
        assertThat(page.locator(".file")).hasCount(1);
        assertThat(page.locator(".file-name a")).hasText("packing-list.txt");
    }

    @Test
    void keepsTheUploadsWhenTheFormComesBackWithAProblem() {
        Path route = TestFiles.text(files.resolve("route.gpx.txt"), "52.37,4.89\n52.09,5.12\n");
        page.navigate("/posts/new");
        page.locator("input[name=files]").setInputFiles(route);
        assertThat(row("route.gpx.txt")).hasAttribute("data-state", "done");
        // as a browser that does not check required fields would submit it
        page.evaluate("() => document.getElementById('title').removeAttribute('required')");
        publish();

        assertThat(page.locator(".alert.error")).hasText("Give the post a title.");
        assertThat(row("route.gpx.txt")).hasAttribute("data-state", "done");
        assertThat(page.locator("input[type=hidden][name=files]")).hasCount(1);
        page.getByLabel("Title").fill("Cycling route");
        publish();
        page.waitForURL(Pattern.compile(".*/posts/\\d+$"));
        assertThat(page.locator(".file-name a")).hasText("route.gpx.txt");
    }

    @Test
    void refusesSignedIdsThatWereNotIssuedForAttachingAndCreatesNoPost() {
        Blob blob = affix.blobs().create(new ByteArrayInputStream("secret plans".getBytes(StandardCharsets.UTF_8)), NewBlob.named("plans.txt"));
        String servingId = new BlobUrls(affix).proxyPath(blob).split("/")[4]; // a URL's id: for serving only
        String genuine = affix.blobs().signedId(blob);
        String tampered = genuine.substring(0, genuine.length() - 2) + (genuine.endsWith("A") ? "BB" : "AA");
        int postsBefore = posts.newest(10_000).size();
        page.navigate("/posts/new");
        PageToken csrf = PageToken.of(page);

        for (String signedId : List.of(servingId, tampered)) {
            APIResponse response = page.request().post("/posts", RequestOptions.create()
                    .setForm(FormData.create().set(csrf.param(), csrf.token()).set("title", "Borrowed file").set("files", signedId)));
            assertThat(response.status()).isEqualTo(422);
            assertThat(response.text()).contains("An upload expired or never finished");
        }
        assertThat(posts.newest(10_000)).hasSize(postsBefore);
    }

    private void publish() {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publish")).click();
    }

    private Locator row(String filename) {
        return page.locator(".upload").filter(new Locator.FilterOptions().setHas(page.getByText(filename, new Page.GetByTextOptions().setExact(true))));
    }

    private static int percent(Locator row) {
        String value = row.locator(".progress").getAttribute("aria-valuenow");
        return value == null ? 0 : Integer.parseInt(value);
    }

    /** Slows the browser's uploads down, through the DevTools protocol; detach the session to end it. */
    private static CDPSession throttleUploads(Page page, int bytesPerSecond) {
        CDPSession session = page.context().newCDPSession(page);
        session.send("Network.enable");
        JsonObject conditions = new JsonObject();
        conditions.addProperty("offline", false);
        conditions.addProperty("latency", 0);
        conditions.addProperty("downloadThroughput", -1);
        conditions.addProperty("uploadThroughput", bytesPerSecond);
        session.send("Network.emulateNetworkConditions", conditions);
        return session;
    }
}

package dev.affix.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Route;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A plain form as a Rails application has it, whose files are uploaded when it is submitted, then
 * posted to the demo as signed ids that it attaches: with the real {@code @rails/activestorage} (npm,
 * pinned in package-lock.json) and with the project's own {@code affix-uploads.js}, which must behave
 * the same. The page is served by the test on the demo's origin, so the demo carries no test code; it
 * carries the session's CSRF token as an application's page does, in its form and in
 * {@code <meta name="csrf-token">}, where both clients read it for their {@code POST direct_uploads}.
 */
class PlainFormTest extends BrowserTestSupport {

    static final Path RAILS_CLIENT = Path.of("node_modules/@rails/activestorage/app/assets/javascripts/activestorage.esm.js");

    private static final Map<String, String> CLIENTS = Map.of(
            "rails", "/plain-form/activestorage.esm.js",
            "affix", "/js/affix-uploads.js");

    private static final String PAGE = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>A plain form</title>
              <meta name="csrf-param" content="%3$s"><meta name="csrf-token" content="%4$s"></head>
            <body>
              <form action="/posts" method="post">
                <input type="hidden" name="%3$s" value="%4$s">
                <input name="title" value="Uploaded by %1$s">
                <input type="file" name="files" multiple data-direct-upload-url="/affix/direct_uploads"%5$s>
                <button type="submit">Save</button>
              </form>
              <script type="module">
                import { start } from "%2$s";
                start();%6$s
              </script>
            </body></html>
            """;

    @TempDir
    Path files;

    @ParameterizedTest
    @ValueSource(strings = {"rails", "affix"})
    void uploadsOnSubmitAndTheDemoAttachesBySignedId(String client) {
        if (client.equals("rails")) {
            requireTheRailsClient();
        }
        Path readings = TestFiles.csv(files.resolve("readings.csv"), 5 * 1024 * 1024, 3); // three 2 MB checksum slices
        Path empty = TestFiles.text(files.resolve("empty.txt"), "");
        Path note = TestFiles.text(files.resolve("note.txt"), "Déjà vu: ünïcödé survives the trip.\n");
        page.navigate("/");
        PageToken csrf = PageToken.of(page); // the session's token, which the form and the upload client send as the demo's pages do
        String html = PAGE.formatted(client, CLIENTS.get(client), csrf.param(), csrf.token(), "", "");
        page.route(BASE + "/plain-form/**", route -> serve(route, html));
        UploadEvents events = UploadEvents.record(page);

        page.navigate("/plain-form/index.html");
        page.locator("input[type=file]").setInputFiles(new Path[] {readings, empty, note});
        page.getByText("Save").click();
        page.waitForURL(Pattern.compile(".*/posts/\\d+$"));
        assertThat(page.locator(".notice")).containsText("Published");

        long postId = Long.parseLong(page.url().replaceAll(".*/posts/", ""));
        List<Attachment> attached = affix.attachmentsOf(Post.TYPE, List.of(postId)).get(RecordRef.of(Post.TYPE, postId));
        Map<String, Blob> blobs = attached.stream().collect(Collectors.toMap(a -> a.blob().filename(), Attachment::blob));
        assertThat(blobs).containsOnlyKeys("readings.csv", "empty.txt", "note.txt");
        for (Path file : List.of(readings, empty, note)) {
            Blob blob = blobs.get(file.getFileName().toString());
            assertThat(blob.byteSize()).isEqualTo(size(file));
            assertThat(blob.checksum().hex()).as("the checksum the client computed").isEqualTo(TestFiles.md5(file));
            try (InputStream stored = affix.blobs().download(blob)) {
                assertThat(TestFiles.md5(stored)).as("the bytes of %s", file.getFileName()).isEqualTo(TestFiles.md5(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(events.typesFor("readings.csv")).containsSubsequence("direct-upload:initialize", "direct-upload:start",
                "direct-upload:before-blob-request", "direct-upload:before-storage-request", "direct-upload:progress", "direct-upload:end")
                .doesNotContain("direct-upload:error");
        assertThat(events.all()).filteredOn(event -> event.type().startsWith("direct-uploads:")).extracting(UploadEvents.Event::type)
                .as("the form's events").containsExactly("direct-uploads:start", "direct-uploads:end");
    }

    /**
     * With the attachment handle of {@code Post.files} in the input, as the affix-http README says to
     * give it to either client: affix-uploads.js sends it by itself, and a page using @rails/activestorage
     * adds it as a header before the request goes. The uploads are made at the declaration's keys.
     */
    @ParameterizedTest
    @ValueSource(strings = {"rails", "affix"})
    void withAnAttachmentHandleTheUploadsAreMadeAtTheDeclarationsKeys(String client) {
        if (client.equals("rails")) {
            requireTheRailsClient();
        }
        Path note = TestFiles.text(files.resolve("handled.txt"), "made for Post.files\n");
        page.navigate("/");
        PageToken csrf = PageToken.of(page);
        String handle = affix.attachmentHandle(Post.TYPE, Post.FILES);
        String header = client.equals("rails") ? """

                addEventListener("direct-upload:before-blob-request", event => {
                  const handle = event.target.dataset.directUploadAttachment;
                  if (handle) event.detail.xhr.setRequestHeader("Affix-Attachment-Handle", handle);
                });""" : "";
        String html = PAGE.formatted(client, CLIENTS.get(client), csrf.param(), csrf.token(), " data-direct-upload-attachment=\"" + handle + "\"",
                header);
        page.route(BASE + "/plain-form/**", route -> serve(route, html));

        page.navigate("/plain-form/index.html");
        page.locator("input[type=file]").setInputFiles(note);
        page.getByText("Save").click();
        page.waitForURL(Pattern.compile(".*/posts/\\d+$"));

        long postId = Long.parseLong(page.url().replaceAll(".*/posts/", ""));
        Blob blob = affix.attachmentsOf(Post.TYPE, List.of(postId)).get(RecordRef.of(Post.TYPE, postId)).get(0).blob();
        assertThat(blob.key()).matches("Post/files/\\d{4}-\\d{2}/[0-9a-z]{28}");
        assertThat(blob.filename()).isEqualTo("handled.txt");
    }

    private static void requireTheRailsClient() {
        if (!Files.isRegularFile(RAILS_CLIENT)) {
            throw new IllegalStateException("The test of the real @rails/activestorage client needs it in affix-demo/node_modules, and it is"
                    + " missing. Install it with:  cd affix-demo && npm ci   (Maven does this itself when node_modules is missing,"
                    + " unless tests are skipped; it needs Node.js and npm: apt-get install -y nodejs npm)");
        }
    }

    private static void serve(Route route, String html) {
        if (route.request().url().endsWith("/activestorage.esm.js")) {
            route.fulfill(new Route.FulfillOptions().setPath(RAILS_CLIENT).setContentType("text/javascript"));
        } else {
            route.fulfill(new Route.FulfillOptions().setBody(html).setContentType("text/html; charset=utf-8"));
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

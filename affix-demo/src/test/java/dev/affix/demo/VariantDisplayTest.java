package dev.affix.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.affix.attachment.Attachable;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.RecordRef;
import dev.affix.variant.Representation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Images, PDFs and videos are drawn by their declared variants (a PDF's page, a video's frame), never
 * by the originals: the page only builds URLs, and the first request for each image makes it.
 */
class VariantDisplayTest extends BrowserTestSupport {

    /** The widths application.yml declares: the cover's hero and thumb, the files' thumb. */
    private static final int HERO = 1200;
    private static final int COVER_THUMB = 96;
    private static final int FILE_THUMB = 400;

    @Autowired
    PostRepository posts;

    @TempDir
    Path files;

    @Test
    void drawsEveryImagePdfAndVideoByItsVariantWithTheOriginalOneClickAway() {
        Path photo = TestFiles.photo(files.resolve("coast.jpg"), 1600, 1000);
        Path report = TestFiles.pdf(files.resolve("survey.pdf"), "Coastal survey 2026");
        Path clip = TestFiles.video(files.resolve("waves.mp4"), 320, 240);

        // the pages alone make nothing: with every image request refused, no variant exists after them
        page.route("**/representations/**", route -> route.abort());
        page.navigate("/posts/new");
        page.getByLabel("Title").fill("The coast in three files");
        page.getByLabel("Text").fill("A photo, a survey and a short clip: each is listed by a thumbnail made on first view.");
        page.locator("input[name=cover]").setInputFiles(photo);
        page.locator("input[name=files]").setInputFiles(new Path[] {report, clip});
        page.waitForCondition(() -> page.locator(".upload[data-state=done]").count() == 3);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publish")).click();
        page.waitForURL(Pattern.compile(".*/posts/\\d+$"));
        long postId = Long.parseLong(page.url().replaceAll(".*/posts/", ""));
        List<Attachment> attached = affix.attachmentsOf(Post.TYPE, List.of(postId)).get(RecordRef.of(Post.TYPE, postId));
        // the sizes on the page come from analysis, a job after the attach
        await().atMost(Duration.ofSeconds(30)).until(() -> attached.stream()
                .allMatch(a -> Boolean.TRUE.equals(affix.blobs().require(a.blob().id()).metadata().get("analyzed"))));

        page.navigate("/");
        assertThat(page.locator("#post-" + postId + " .file-variant")).hasText(new String[] {"thumbnail made on first view",
            "thumbnail made on first view", "thumbnail made on first view"});
        for (Attachment attachment : attached) {
            for (Representation declared : declaredVariants(attachment)) {
                assertThat(declared.isProcessed()).as("%s after the page alone", declared).isFalse();
            }
        }
        page.unroute("**/representations/**");

        List<String> imageRequests = new CopyOnWriteArrayList<>();
        page.onRequest(request -> {
            if (request.resourceType().equals("image") && !request.url().startsWith("data:")) {
                imageRequests.add(request.url());
            }
        });
        page.navigate("/");
        Locator card = page.locator("#post-" + postId);
        assertThat(card.locator("img")).hasCount(4);
        Map<Locator, Integer> declaredWidths = Map.of(
                card.locator(".post-cover img"), HERO,
                card.locator(".file[data-filename='coast.jpg'] .file-thumb img"), COVER_THUMB,
                card.locator(".file[data-filename='survey.pdf'] .file-thumb img"), FILE_THUMB,
                card.locator(".file[data-filename='waves.mp4'] .file-thumb img"), FILE_THUMB);
        declaredWidths.forEach((img, declared) -> {
            String src = img.getAttribute("src");
            assertThat(src).startsWith("/affix/representations/proxy/").doesNotContain("/blobs/");
            assertThat(img.getAttribute("loading")).isEqualTo("lazy");
            assertThat(img.getAttribute("srcset")).startsWith(src + " 1x, /affix/representations/proxy/").endsWith(" 2x");
            img.scrollIntoViewIfNeeded();
            img.evaluate("img => img.decode()");
            int natural = ((Number) img.evaluate("img => img.naturalWidth")).intValue();
            assertThat(natural).as("natural width of %s", src).isPositive().isLessThanOrEqualTo(2 * declared);
            APIResponse served = page.request().get(src);
            assertThat(served.status()).as(src).isEqualTo(200);
            assertThat(served.headers().get("content-type")).as(src).startsWith("image/");
        });
        assertThat(card.locator(".post-cover img")).hasAttribute("width", "1200");
        assertThat(card.locator(".post-cover img")).hasAttribute("height", "750");
        assertThat(card.locator(".file[data-filename='coast.jpg'] .file-thumb img")).hasAttribute("width", "96");
        assertThat(card.locator(".file[data-filename='waves.mp4'] .file-thumb img")).hasAttribute("height", "240");
        assertThat(imageRequests).as("images the browser loaded").isNotEmpty()
                .allSatisfy(url -> assertThat(url).contains("/affix/representations/proxy/"));

        // the blurhash stays behind the photo, the originals are a click away
        assertThat(card.locator(".post-cover")).hasAttribute("style", Pattern.compile("background-image: url\\(data:image/png;base64,"));
        assertThat(card.locator(".file[data-filename='coast.jpg'] .file-thumb"))
                .hasAttribute("style", Pattern.compile("background-image: url\\(data:image/png;base64,"));
        for (String name : List.of("coast.jpg", "survey.pdf", "waves.mp4")) {
            assertThat(card.locator(".file[data-filename='" + name + "'] .file-thumb")).hasAttribute("href", Pattern.compile("^/affix/blobs/proxy/"));
        }
        assertThat(page.locator(".site-footer .processor")).containsText(affix.variants().processorName().orElseThrow());

        page.navigate("/posts/" + postId);
        assertThat(page.locator(".file-variant")).hasText(new String[] {"thumbnail made", "thumbnail made", "thumbnail made"});
        for (Locator img : page.locator(".file-thumb img").all()) {
            img.evaluate("img => img.decode()");
        }
        Screenshots.save(page, "demo-variants");
    }

    @Test
    void filesWithoutRepresentationsKeepTheirIconAndLink() {
        Post post = posts.insert("Tide tables", "", Instant.now());
        affix.many(post, Post.FILES).attach(Attachable.file(TestFiles.text(files.resolve("tides.txt"), "high water 14:10\n")));

        page.navigate("/posts/" + post.id());

        Locator row = page.locator(".file[data-filename='tides.txt']");
        assertThat(row.locator(".file-thumb img")).hasCount(0);
        assertThat(row.locator(".file-ext")).hasText("txt");
        assertThat(row.locator(".file-thumb")).hasAttribute("href", Pattern.compile("^/affix/blobs/proxy/"));
        assertThat(row.locator(".file-variant")).hasCount(0);
        assertThat(page.locator(".post-cover")).hasCount(0);
    }

    /** The variants application.yml declares for the attachment's slot. */
    private List<Representation> declaredVariants(Attachment attachment) {
        List<Representation> representations = new ArrayList<>();
        affix.declarations().require(Post.TYPE, attachment.name()).variants().values()
                .forEach(variant -> representations.add(affix.variants().representation(attachment.blob(), variant.transformations())));
        return representations;
    }
}

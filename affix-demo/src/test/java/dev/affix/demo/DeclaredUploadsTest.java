package dev.affix.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.affix.attachment.AttachmentHandle;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The new-post form renders an attachment handle for each of its file inputs, and affix-uploads.js sends
 * it: the uploads land at the keys of their declarations ({@code Post/cover/…}, {@code Post/files/…}),
 * and a file that the cover's rules refuse (a PDF, an image over 10 MB) is refused before a byte is
 * stored, the row saying why in the server's words.
 */
class DeclaredUploadsTest extends BrowserTestSupport {

    private static final String KEY = "Post/%s/\\d{4}-\\d{2}/[0-9a-z]{28}";

    @TempDir
    Path files;

    @Test
    void uploadsLandAtTheirDeclarationsKeys() {
        Path cover = TestFiles.cover(files.resolve("lighthouse.png"), 800, 300);
        Path notes = TestFiles.text(files.resolve("tides.txt"), "High water 08:42, low water 14:55.\n");
        List<String> handlesSent = new CopyOnWriteArrayList<>();
        page.onRequest(request -> {
            if (request.url().endsWith("/affix/direct_uploads")) {
                handlesSent.add(request.headerValue("affix-attachment-handle"));
            }
        });

        page.navigate("/posts/new");
        page.getByLabel("Title").fill("The lighthouse");
        page.locator("input[name=cover]").setInputFiles(cover);
        page.locator("input[name=files]").setInputFiles(notes);
        page.waitForCondition(() -> page.locator(".upload[data-state=done]").count() == 2);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publish")).click();
        page.waitForURL(Pattern.compile(".*/posts/\\d+$"));

        long postId = Long.parseLong(page.url().replaceAll(".*/posts/", ""));
        Map<String, Blob> attached = affix.attachmentsOf(Post.TYPE, List.of(postId)).get(RecordRef.of(Post.TYPE, postId)).stream()
                .collect(Collectors.toMap(a -> a.name(), a -> a.blob()));
        assertThat(attached.get(Post.COVER).key()).matches(KEY.formatted("cover"));
        assertThat(attached.get(Post.FILES).key()).matches(KEY.formatted("files"));
        assertThat(attached.values()).extracting(Blob::serviceName).containsOnly("local");
        assertThat(handlesSent).hasSize(2).allSatisfy(handle -> assertThat(handle).isNotNull());
        assertThat(handlesSent.stream().map(handle -> affix.attachmentHandles().verify(handle).orElseThrow()))
                .containsExactlyInAnyOrder(new AttachmentHandle(Post.TYPE, Post.COVER, null, null),
                        new AttachmentHandle(Post.TYPE, Post.FILES, null, null));
    }

    @Test
    void aCoverItsRulesRefuseShowsTheServersReasonAndStoresNothing() {
        Path report = TestFiles.pdf(files.resolve("report.pdf"), "Quarterly report");
        Path huge = TestFiles.sized(files.resolve("panorama.png"), 12L * 1024 * 1024);
        long blobsBefore = affix.blobs().count(null);
        long objectsBefore = TestFiles.storedObjects(HOME.resolve("storage"));

        page.navigate("/posts/new");
        page.getByLabel("Title").fill("Not a cover");
        page.locator("input[name=cover]").setInputFiles(report);
        assertThat(row("report.pdf")).hasAttribute("data-state", "error");
        assertThat(row("report.pdf").locator(".upload-status")).hasText("Not accepted: 'report.pdf' is application/pdf, not one of "
                + "[image/avif, image/gif, image/jpeg, image/png, image/webp].");
        assertThat(row("report.pdf").locator(".upload-status")).hasAttribute("role", "alert");

        page.locator("input[name=cover]").setInputFiles(huge);
        assertThat(row("panorama.png")).hasAttribute("data-state", "error");
        assertThat(row("panorama.png").locator(".upload-status")).hasText("Not accepted: 'panorama.png' is 12 MB, more than 10 MB.");
        Screenshots.save(page, "demo-form-refused-cover");

        assertThat(page.locator("input[type=hidden][name=cover]")).hasCount(0);
        assertThat(affix.blobs().count(null)).as("no blob row").isEqualTo(blobsBefore);
        assertThat(TestFiles.storedObjects(HOME.resolve("storage"))).as("no object").isEqualTo(objectsBefore);
    }

    private Locator row(String filename) {
        return page.locator(".upload").filter(new Locator.FilterOptions().setHas(page.getByText(filename, new Page.GetByTextOptions().setExact(true))));
    }
}

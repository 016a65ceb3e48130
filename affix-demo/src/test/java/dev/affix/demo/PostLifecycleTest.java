package dev.affix.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import dev.affix.attachment.Attachable;
import dev.affix.attachment.Attachment;
import dev.affix.blob.Blob;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** A post's files in the list, purged one at a time, and gone with the post as application.yml declares. */
class PostLifecycleTest extends BrowserTestSupport {

    @Autowired
    PostRepository posts;

    @TempDir
    Path files;

    @Test
    void purgesOneFileAndThenDeletesThePostWithItsFiles() {
        Post post = posts.insert("Lighthouse", "Two files, one of them soon purged.", Instant.now());
        Blob cover = affix.one(post, Post.COVER).attach(TestFiles.cover(files.resolve("lighthouse.png"), 900, 338)).blob();
        List<Attachment> attached = affix.many(post, Post.FILES).attach(
                Attachable.file(TestFiles.csv(files.resolve("tides.csv"), 20_000, 2)),
                Attachable.file(TestFiles.text(files.resolve("log.txt"), "Lamp checked at dusk.\n")));
        Blob tides = attached.get(0).blob();
        Blob log = attached.get(1).blob();

        page.navigate("/");
        Locator card = page.locator("#post-" + post.id());
        assertThat(card.locator(".file")).hasCount(3);
        assertThat(card.locator(".post-cover img")).hasJSProperty("naturalWidth", 900);
        // the cover's row in the list draws its declared thumb (96 x 96), not the original
        assertThat(card.locator(".file[data-filename='lighthouse.png'] .file-thumb img")).hasJSProperty("naturalWidth", 96);

        card.locator(".file[data-filename='tides.csv']").getByText("Purge").click();
        page.waitForURL("**/posts/" + post.id());
        assertThat(page.locator(".notice")).containsText("purged");
        assertThat(page.locator(".file")).hasCount(2);
        assertThat(page.locator(".file[data-filename='tides.csv']")).hasCount(0);
        assertThat(affix.blobs().find(tides.id())).as("the purged blob's row").isEmpty();
        assertThat(affix.blobs().service(tides).exists(tides.key())).as("the purged blob's bytes").isFalse();
        assertThat(affix.many(post, Post.FILES).blobs()).extracting(Blob::filename).containsExactly("log.txt");

        page.navigate("/");
        page.locator("#post-" + post.id()).getByText("Delete post").click();
        page.waitForURL(BASE + "/");
        assertThat(page.locator(".notice")).containsText("deleted");
        assertThat(page.locator("#post-" + post.id())).hasCount(0);
        assertThat(posts.find(post.id())).isEmpty();
        assertThat(affix.attachmentsOf(Post.TYPE, List.of(post.id())).values()).as("the post's attachments").containsOnly(List.of());
        // the cover is purged at once (dependent: purge), the files by a background job (dependent: purge_later)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (Blob blob : List.of(cover, log)) {
                assertThat(affix.blobs().find(blob.id())).as("%s's row", blob.filename()).isEmpty();
                assertThat(affix.blobs().service(blob).exists(blob.key())).as("%s's bytes", blob.filename()).isFalse();
            }
        });
    }

    @Test
    void answersNotFoundForAPostThatDoesNotExist() {
        assertThat(page.navigate("/posts/987654").status()).isEqualTo(404);
        assertThat(page.locator("h2")).hasText("Nothing here");
    }
}

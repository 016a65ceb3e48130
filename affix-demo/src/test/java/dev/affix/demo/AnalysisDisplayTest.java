package dev.affix.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import dev.affix.attachment.Attachable;
import dev.affix.blob.Blob;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** What the analyzers find, as the pages show it: sizes, durations, a waveform, and a blurhash behind each image. */
class AnalysisDisplayTest extends BrowserTestSupport {

    @Autowired
    PostRepository posts;

    @TempDir
    Path files;

    @Test
    void showsDimensionsADurationAWaveformAndABlurhashPlaceholder() {
        Post post = posts.insert("Dawn chorus", "A photo and a recording.", Instant.now());
        Blob cover = affix.one(post, Post.COVER).attach(TestFiles.cover(files.resolve("meadow.png"), 900, 338)).blob();
        Blob song = affix.many(post, Post.FILES).attach(Attachable.file(wav(files.resolve("blackbird.wav"), 3))).get(0).blob();
        // analysis runs in a background job once the attach commits
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of(cover, song).stream()
                .allMatch(blob -> Boolean.TRUE.equals(affix.blobs().require(blob.id()).metadata().get("analyzed"))));
        assertThat(affix.blobs().require(cover.id()).metadata()).containsKey("blurhash");
        assertThat(affix.blobs().require(song.id()).metadata()).containsKey("waveform");

        page.navigate("/posts/" + post.id());

        Locator photo = page.locator(".file[data-filename='meadow.png']");
        assertThat(photo.locator(".file-dimensions")).hasText("900 × 338");
        assertThat(photo.locator(".file-thumb")).hasAttribute("style", Pattern.compile("background-image: url\\(data:image/png;base64,"));
        assertThat(page.locator(".post-cover")).hasAttribute("style", Pattern.compile("data:image/png;base64,"));
        Locator recording = page.locator(".file[data-filename='blackbird.wav']");
        assertThat(recording.locator(".file-duration")).hasText("0:03");
        assertThat(recording.locator("svg.waveform path")).hasCount(1);
        assertThat(recording.locator("svg.waveform path").getAttribute("d")).startsWith("M0.5 ");
        assertThat(recording.locator(".chips")).not().containsText("waveform");
        // the waveform previewer draws the recording's thumbnail from the same analysis
        Locator drawn = recording.locator(".file-thumb img");
        drawn.evaluate("img => img.decode()");
        assertThat(((Number) drawn.evaluate("img => img.naturalWidth")).intValue()).isPositive();
        Screenshots.save(page, "demo-analysis");
    }

    /** A 16-bit mono PCM WAV of a rising and falling tone, written here so the test needs no fixture file. */
    private static Path wav(Path file, int seconds) {
        int rate = 8000;
        int samples = rate * seconds;
        try (OutputStream out = Files.newOutputStream(file); DataOutputStream data = new DataOutputStream(out)) {
            data.writeBytes("RIFF");
            data.writeInt(Integer.reverseBytes(36 + samples * 2));
            data.writeBytes("WAVEfmt ");
            data.writeInt(Integer.reverseBytes(16));
            data.writeShort(Short.reverseBytes((short) 1));
            data.writeShort(Short.reverseBytes((short) 1));
            data.writeInt(Integer.reverseBytes(rate));
            data.writeInt(Integer.reverseBytes(rate * 2));
            data.writeShort(Short.reverseBytes((short) 2));
            data.writeShort(Short.reverseBytes((short) 16));
            data.writeBytes("data");
            data.writeInt(Integer.reverseBytes(samples * 2));
            for (int i = 0; i < samples; i++) {
                double envelope = Math.sin(Math.PI * i / samples);
                short sample = (short) (envelope * 20_000 * Math.sin(2 * Math.PI * 440 * i / rate));
                data.writeShort(Short.reverseBytes(sample));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}

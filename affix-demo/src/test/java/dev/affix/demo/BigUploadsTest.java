package dev.affix.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files above 20 MiB on the new-post form go through Uppy and tus in 8 MiB chunks: paused and resumed
 * by the user, or cut off by the network going down, they arrive intact, and the post shows them with
 * the checksum of what was chosen.
 */
class BigUploadsTest extends BrowserTestSupport {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path files;

    @Test
    void a200MiBUploadPausedAndResumedArrivesIntact() {
        Path readings = TestFiles.csv(files.resolve("readings.csv"), 200 * MIB, 7);
        page.navigate("/posts/new");
        page.getByLabel("Title").fill("A year of readings");
        CDPSession network = network(page);
        emulate(network, false, 40_000_000);
        page.locator("input[name=files]").setInputFiles(readings);

        Locator row = row("readings.csv");
        page.waitForCondition(() -> percent(row) >= 15);
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Pause")).click();
        int paused = settle(row);
        page.waitForTimeout(1500);
        assertThat(percent(row)).as("nothing moves while paused").isEqualTo(paused);
        assertThat(paused).isLessThan(100);
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Resume")).click();
        emulate(network, false, -1);

        assertThat(row).hasAttribute("data-state", "done", new LocatorAssertions.HasAttributeOptions()
                .setTimeout(180_000));
        publishAndCheck("readings.csv", readings);
    }

    @Test
    void aBigUploadCutOffByTheNetworkGoingDownResumesAndArrivesIntact() {
        Path log = TestFiles.csv(files.resolve("station-log.csv"), 60 * MIB, 8);
        page.navigate("/posts/new");
        page.getByLabel("Title").fill("Station log");
        CDPSession network = network(page);
        emulate(network, false, 20_000_000);
        page.locator("input[name=files]").setInputFiles(log);

        Locator row = row("station-log.csv");
        page.waitForCondition(() -> percent(row) >= 30);
        emulate(network, true, 20_000_000);
        page.waitForTimeout(2500);
        assertThat(row).hasAttribute("data-state", Pattern.compile("uploading|queued"));
        emulate(network, false, -1);

        assertThat(row).hasAttribute("data-state", "done", new LocatorAssertions.HasAttributeOptions()
                .setTimeout(180_000));
        publishAndCheck("station-log.csv", log);
    }

    private void publishAndCheck(String filename, Path file) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publish")).click();
        page.waitForURL(Pattern.compile(".*/posts/\\d+$"));
        Locator card = page.locator(".file[data-filename='" + filename + "']");
        String expected = TestFiles.md5(file);
        assertThat(card.locator(".file-checksum")).hasText("md5 " + expected);
        assertThat(Downloads.md5(BASE, card.getByText("Open · proxy").getAttribute("href"))).isEqualTo(expected);
    }

    /** The progress once it has stopped moving: the chunk under way when the pause came is finished first. */
    private int settle(Locator row) {
        int last = -1;
        int now = percent(row);
        while (now != last) {
            page.waitForTimeout(1000);
            last = now;
            now = percent(row);
        }
        return now;
    }

    private Locator row(String filename) {
        return page.locator(".upload").filter(new Locator.FilterOptions().setHas(page.getByText(filename,
                new Page.GetByTextOptions().setExact(true))));
    }

    private static int percent(Locator row) {
        String value = row.locator(".progress").getAttribute("aria-valuenow");
        return value == null ? 0 : Integer.parseInt(value);
    }

    private static CDPSession network(Page page) {
        CDPSession session = page.context().newCDPSession(page);
        session.send("Network.enable");
        return session;
    }

    /** Takes the network down or up, and caps the upload speed (bytes per second; -1 for none). */
    private static void emulate(CDPSession network, boolean offline, int uploadBytesPerSecond) {
        JsonObject conditions = new JsonObject();
        conditions.addProperty("offline", offline);
        conditions.addProperty("latency", 0);
        conditions.addProperty("downloadThroughput", -1);
        conditions.addProperty("uploadThroughput", uploadBytesPerSecond);
        network.send("Network.emulateNetworkConditions", conditions);
    }
}

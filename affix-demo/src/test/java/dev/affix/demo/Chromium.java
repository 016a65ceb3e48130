package dev.affix.demo;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's chromium driven by Playwright, launched once for all the browser tests of a run and closed
 * when the JVM ends. Playwright never downloads a browser here: it drives the system's.
 */
final class Chromium {

    static final Path EXECUTABLE = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    private static Browser browser;

    private Chromium() {
    }

    static synchronized Browser browser() {
        if (browser == null) {
            if (!Files.isExecutable(EXECUTABLE)) {
                throw new IllegalStateException("The demo's browser tests need Chromium at " + EXECUTABLE
                        + " and it is not there. Install it with:  apt-get install -y chromium  (or set CHROMIUM to its path)");
            }
            Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            Runtime.getRuntime().addShutdownHook(new Thread(playwright::close, "playwright-close"));
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(EXECUTABLE)
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                            "--disable-sync", "--no-first-run")));
        }
        return browser;
    }
}

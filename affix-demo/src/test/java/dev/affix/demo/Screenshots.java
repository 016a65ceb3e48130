package dev.affix.demo;

import com.microsoft.playwright.Page;
import java.nio.file.Path;

/**
 * Saves screenshots of the demo's pages for the docs: into {@code target/screenshots}, or into the folder
 * that the system property {@code demo.screenshots} names ({@code -Ddemo.screenshots=../docs} refreshes
 * the project's own).
 */
final class Screenshots {

    private static final Path FOLDER = Path.of(System.getProperty("demo.screenshots", "target/screenshots"));

    private Screenshots() {
    }

    /** The whole page, however long. */
    static Path save(Page page, String name) {
        Path file = FOLDER.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    /** What a window of the page's size shows: the top of a page whose length depends on what other tests left. */
    static Path saveWindow(Page page, String name) {
        Path file = FOLDER.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file));
        return file;
    }
}

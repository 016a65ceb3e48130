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
        loadImages(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    /** What a window of the page's size shows: the top of a page whose length depends on what other tests left. */
    static Path saveWindow(Page page, String name) {
        Path file = FOLDER.resolve(name + ".png");
        loadImages(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(file));
        return file;
    }

    /**
     * Every image loaded and decoded first: a screenshot does not scroll, so lazy images below the fold would
     * stay empty, and a thumbnail made on first view may still be on its way.
     */
    private static void loadImages(Page page) {
        page.evaluate("() => Promise.all([...document.images].map(img => { img.loading = 'eager'; return img.decode().catch(() => null); }))");
    }
}

package dev.affix.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.affix.Affix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo on 127.0.0.1, with its database and files in a temporary folder, and a fresh browser page
 * for each test. All the browser tests share this one application context.
 *
 * <p>The port is chosen before the context starts (rather than {@code RANDOM_PORT}, which is known only
 * after): the Disk service's upload URLs are absolute, made from {@code affix.http.base_url} when Affix
 * starts, and the browser must be sent to the same origin as the page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {"affix.secret=browser-tests-secret-0123456789", "server.address=127.0.0.1"})
abstract class BrowserTestSupport {

    static final Path HOME = TestEnvironment.temporaryHome("affix-demo-test");
    static final int PORT = TestEnvironment.freePort();
    static final String BASE = "http://127.0.0.1:" + PORT;

    @Autowired
    Affix affix;

    BrowserContext context;
    Page page;
    private final List<String> pageErrors = new ArrayList<>();

    @DynamicPropertySource
    static void demoOnLoopback(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("demo.home", HOME::toString);
        registry.add("affix.http.base_url", () -> BASE);
    }

    @BeforeEach
    void openPage() {
        Browser browser = Chromium.browser();
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setBaseURL(BASE));
        page = context.newPage();
        page.onDialog(dialog -> dialog.accept());
        page.onPageError(pageErrors::add);
    }

    @AfterEach
    void closePage() {
        context.close();
        assertThat(pageErrors).as("uncaught errors in the pages' scripts").isEmpty();
    }
}

package dev.affix.demo;

import com.microsoft.playwright.Page;

/**
 * The CSRF token a page of the demo carries in {@code <meta name="csrf-param">} and
 * {@code <meta name="csrf-token">}, as a Rails page does: what a form sends as the field {@code param},
 * and an upload client as the header {@code X-CSRF-Token}.
 */
record PageToken(String param, String token) {

    static final String HEADER = "X-CSRF-Token";

    /** The token of the page that is open, which belongs to its browser context's session. */
    static PageToken of(Page page) {
        return new PageToken(page.locator("meta[name=csrf-param]").getAttribute("content"),
                page.locator("meta[name=csrf-token]").getAttribute("content"));
    }
}

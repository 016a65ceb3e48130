package dev.affix.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * What an application's session filter does: sets a cookie before or after the endpoint runs, as the
 * request's {@code X-Test-Cookie} header says ({@code before}, {@code after}, or {@code sticky}: before,
 * on a response that cannot remove headers, like a container older than Servlet 6).
 */
final class CookieTestFilter implements Filter {

    static final String HEADER = "X-Test-Cookie";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        String mode = ((HttpServletRequest) request).getHeader(HEADER);
        HttpServletResponse http = (HttpServletResponse) response;
        if (mode == null) {
            chain.doFilter(request, response);
        } else if (mode.equals("before")) {
            http.addCookie(new Cookie("session", "before"));
            chain.doFilter(request, response);
        } else if (mode.equals("after")) {
            chain.doFilter(request, response);
            http.addCookie(new Cookie("session", "after"));
        } else {
            HttpServletResponse sticky = new StickyHeaders(http);
            sticky.addCookie(new Cookie("session", "sticky"));
            chain.doFilter(request, sticky);
        }
    }

    /** A response on which setting a header to null does nothing. */
    private static final class StickyHeaders extends HttpServletResponseWrapper {
        StickyHeaders(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            if (value != null) {
                super.setHeader(name, value);
            }
        }
    }
}

package dev.affix.http;

import dev.affix.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The answers the endpoints share. Every error answer is {@code Cache-Control: no-store} and carries
 * no validators, so that no cache keeps a failure in place of the file.
 */
final class Responses {

    /**
     * On every answer: user bytes are never sniffed into another type, and if a browser renders one
     * anyway it runs as a sandboxed document of no origin that may load nothing.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox";

    private Responses() {
    }

    static void securityHeaders(HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }

    /** The same bare 404 for a forged, expired or misused token, a missing blob and an unknown route: it reveals nothing. */
    static void notFound(HttpServletResponse response) {
        bare(response, HttpServletResponse.SC_NOT_FOUND);
    }

    /** An empty error answer with this status. */
    static void bare(HttpServletResponse response, int status) {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(0);
    }

    static void json(HttpServletResponse response, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** {@code {"error": message}} */
    static void error(HttpServletResponse response, int status, String message) throws IOException {
        json(response, status, Map.of("error", message));
    }
}

package dev.affix.config;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where the application serves Affix's endpoints: the absolute base URL (so that URLs can be made
 * outside a request, by a job or the command line), the path prefix they are mounted under, and the
 * endpoints' own options, kept as written ({@link #ENDPOINT_KEYS}) for the HTTP module to read.
 */
public record HttpSettings(URI baseUrl, String prefix, Map<String, Object> endpoints) {

    /** The keys of {@code http:} that configure the endpoints themselves (affix-http reads them). */
    public static final Set<String> ENDPOINT_KEYS = Set.of("redirect_expires_in", "direct_upload_expires_in", "max_range_bytes",
            "direct_uploads", "inline_content_types", "urls_expire_in", "resumable_uploads");

    public static final HttpSettings DEFAULT = new HttpSettings(URI.create("http://localhost:8080"), "/affix");

    public HttpSettings(URI baseUrl, String prefix) {
        this(baseUrl, prefix, Map.of());
    }

    public HttpSettings {
        endpoints = Map.copyOf(endpoints);
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(prefix, "prefix");
        if (!baseUrl.isAbsolute() || baseUrl.getHost() == null) {
            throw new ConfigurationException("http.base_url '" + baseUrl + "' must be an absolute http(s) URL");
        }
        if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
            throw new ConfigurationException("http.prefix '" + prefix + "' must start with '/' and not end with one");
        }
    }

    /** The absolute URL of an endpoint path below the prefix, e.g. {@code /disk/TOKEN}. */
    public URI endpoint(String path) {
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + prefix + path);
    }
}

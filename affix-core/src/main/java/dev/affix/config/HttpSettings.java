package dev.affix.config;

import java.net.URI;
import java.util.Objects;

/**
 * Where the application serves Affix's endpoints: the absolute base URL (so that URLs can be made
 * outside a request, by a job or the command line) and the path prefix they are mounted under.
 */
public record HttpSettings(URI baseUrl, String prefix) {

    public static final HttpSettings DEFAULT = new HttpSettings(URI.create("http://localhost:8080"), "/affix");

    public HttpSettings {
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

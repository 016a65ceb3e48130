package dev.affix.demo;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The origin the demo is served at, as browsers write it in an {@code Origin} header: the scheme, host
 * and port of {@code affix.http.base_url}. The Disk service's upload URLs are made from that address,
 * so the demo's pages have to be opened there, and only its pages may create direct uploads.
 */
public record SiteOrigin(String scheme, String host, int port) {

    public SiteOrigin {
        scheme = scheme.toLowerCase(Locale.ROOT);
        host = host.toLowerCase(Locale.ROOT);
    }

    public static SiteOrigin of(URI baseUrl) {
        int port = baseUrl.getPort() != -1 ? baseUrl.getPort() : defaultPort(baseUrl.getScheme());
        return new SiteOrigin(baseUrl.getScheme(), baseUrl.getHost(), port);
    }

    /** Whether an {@code Origin} header names this origin; {@code null} and {@code "null"} (an opaque origin) never do. */
    public boolean isNamedBy(String originHeader) {
        if (originHeader == null || originHeader.equals("null")) {
            return false;
        }
        try {
            URI origin = new URI(originHeader);
            // an origin is scheme://host[:port] and nothing else
            boolean wellFormed = origin.getScheme() != null && origin.getHost() != null && origin.getRawUserInfo() == null
                    && origin.getRawPath().isEmpty() && origin.getRawQuery() == null && origin.getRawFragment() == null;
            return wellFormed && equals(of(origin));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Whether the request reached the demo at this origin (and not, say, at 127.0.0.1 for localhost). */
    public boolean isServing(HttpServletRequest request) {
        return equals(new SiteOrigin(request.getScheme(), request.getServerName(), request.getServerPort()));
    }

    @Override
    public String toString() {
        return scheme + "://" + host + (port == defaultPort(scheme) ? "" : ":" + port);
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}

package dev.affix.gcs;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A V4-signed GCS URL taken apart the way GCS takes it apart: its X-Goog-* parameters, its validity
 * window, and its signature, which is checked by rebuilding the canonical request from the URL and
 * the request's headers (GOOG4-RSA-SHA256, unsigned payload) and verifying it with a public key.
 */
final class V4SignedUrl {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final URI url;
    private final Map<String, String> rawParameters;

    private V4SignedUrl(URI url, Map<String, String> rawParameters) {
        this.url = url;
        this.rawParameters = rawParameters;
    }

    static V4SignedUrl parse(URI url) {
        Map<String, String> raw = new LinkedHashMap<>();
        String query = url.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                raw.put(equals < 0 ? pair : pair.substring(0, equals), equals < 0 ? "" : pair.substring(equals + 1));
            }
        }
        return new V4SignedUrl(url, raw);
    }

    /** A query parameter, decoded; null if absent. */
    String parameter(String name) {
        String raw = rawParameters.get(name);
        return raw == null ? null : URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    Instant signedAt() {
        return Instant.from(DATE.parse(parameter("X-Goog-Date")));
    }

    Duration validFor() {
        return Duration.ofSeconds(Long.parseLong(parameter("X-Goog-Expires")));
    }

    boolean isValidAt(Instant now) {
        return !now.isBefore(signedAt()) && now.isBefore(signedAt().plus(validFor()));
    }

    List<String> signedHeaders() {
        return List.of(parameter("X-Goog-SignedHeaders").split(";"));
    }

    /** The object name: the path after {@code /bucket/}, decoded. */
    String objectName(String bucket) {
        String path = url.getPath();
        String start = "/" + bucket + "/";
        if (!path.startsWith(start)) {
            throw new IllegalArgumentException("URL " + url + " is not for bucket " + bucket);
        }
        return path.substring(start.length());
    }

    /** Whether the signature covers this method, this URL and these request headers, signed by the key's owner. */
    boolean signatureVerifies(PublicKey key, String method, Map<String, String> requestHeaders) {
        if (!"GOOG4-RSA-SHA256".equals(parameter("X-Goog-Algorithm")) || parameter("X-Goog-Signature") == null) {
            return false;
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(requestHeaders);
        headers.put("host", url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort());
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders()) {
            String value = headers.get(name);
            if (value == null) {
                return false;
            }
            canonicalHeaders.append(name.toLowerCase(Locale.ROOT)).append(':').append(value.strip()).append('\n');
        }
        String canonicalRequest = String.join("\n", method, url.getRawPath(), canonicalQuery(), canonicalHeaders.toString(),
                parameter("X-Goog-SignedHeaders"), "UNSIGNED-PAYLOAD");
        String credential = parameter("X-Goog-Credential");
        String scope = credential.substring(credential.indexOf('/') + 1);
        String stringToSign = String.join("\n", "GOOG4-RSA-SHA256", parameter("X-Goog-Date"), scope, sha256Hex(canonicalRequest));
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(stringToSign.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(HexFormat.of().parseHex(parameter("X-Goog-Signature")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private String canonicalQuery() {
        List<String> pairs = new ArrayList<>();
        new TreeMap<>(rawParameters).forEach((name, value) -> {
            if (!name.equals("X-Goog-Signature")) {
                pairs.add(name + "=" + value);
            }
        });
        return String.join("&", pairs);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

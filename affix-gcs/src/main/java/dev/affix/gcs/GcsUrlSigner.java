package dev.affix.gcs;

import dev.affix.storage.ContentDisposition;
import com.google.auth.ServiceAccountSigner;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.HttpMethod;
import com.google.cloud.storage.Storage.SignUrlOption;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.storage.DirectUploadRequest;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.UrlOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The URLs a GCS service hands out: V4-signed GET URLs that make GCS serve an object with the asked
 * type and disposition, V4-signed PUT URLs bound to the declared type and MD5 (GCS refuses a body
 * whose MD5 differs from the signed Content-MD5, and binds {@code x-goog-if-generation-match: 0} so
 * that GCS refuses to replace an object already at the key), and the permanent URLs of a public bucket.
 */
final class GcsUrlSigner {

    /** The longest validity a V4 signature may have. */
    static final Duration MAX_EXPIRY = Duration.ofDays(7);
    static final String GOOGLE_HOST = "https://storage.googleapis.com";
    static final String IF_GENERATION_MATCH = "x-goog-if-generation-match";

    private static final Pattern METADATA_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\x20-\\x7e]*");
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    private final GcsBucket bucket;
    private final String host;

    GcsUrlSigner(GcsBucket bucket) {
        this.bucket = bucket;
        String configured = bucket.storage().getOptions().getHost();
        this.host = configured == null ? GOOGLE_HOST : configured.replaceAll("/+$", "");
    }

    URI download(String key, UrlOptions options) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response-content-disposition", ContentDisposition.format(options.disposition(), options.filename()));
        options.contentTypeIfKnown().ifPresent(type -> query.put("response-content-type", type));
        return sign(key, options.expiresIn(), HttpMethod.GET, SignUrlOption.withQueryParams(query));
    }

    /** A PUT URL whose signature covers every header returned with it, so the browser must send exactly those. */
    DirectUploadTarget upload(String key, DirectUploadRequest request) {
        if (request.checksum().algorithm() != ChecksumAlgorithm.MD5) {
            throw new IllegalArgumentException("GCS service '" + bucket.serviceName() + "' can only bind direct uploads to an MD5 "
                    + "checksum (Content-MD5), not " + request.checksum().algorithm());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", requireHeaderValue("content type", request.contentType()));
        headers.put("Content-MD5", request.checksum().base64());
        GcsBucket.contentDisposition(request.metadata()).ifPresent(value -> headers.put("Content-Disposition", value));
        if (bucket.cacheControl() != null) {
            headers.put("Cache-Control", bucket.cacheControl());
        }
        request.metadata().custom().forEach((name, value) -> headers.put("x-goog-meta-" + requireMetadataName(name),
                requireHeaderValue("custom metadata '" + name + "'", value)));
        // GCS then stores the browser's bytes only if the key is still free
        headers.put(IF_GENERATION_MATCH, "0");
        URI url = sign(key, request.expiresIn(), HttpMethod.PUT, SignUrlOption.withExtHeaders(headers));
        return new DirectUploadTarget(url, headers);
    }

    /** The permanent URL of an object in a publicly readable bucket. */
    URI publicUrl(String key) {
        StorageKeys.requireValidKey(key);
        return URI.create(host + "/" + encodePath(bucket.name()) + "/" + encodePath(key));
    }

    private URI sign(String key, Duration expiresIn, HttpMethod method, SignUrlOption parameters) {
        StorageKeys.requireValidKey(key);
        if (expiresIn.compareTo(MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("GCS service '" + bucket.serviceName() + "': signed URLs are valid for at most "
                    + MAX_EXPIRY.toDays() + " days, not " + expiresIn);
        }
        List<SignUrlOption> options = new ArrayList<>(List.of(SignUrlOption.withV4Signature(), SignUrlOption.httpMethod(method),
                parameters));
        if (!host.equals(GOOGLE_HOST)) {
            options.add(SignUrlOption.withHostName(host));
        }
        long seconds = (expiresIn.toMillis() + 999) / 1000;
        try {
            URL url = bucket.storage().signUrl(BlobInfo.newBuilder(bucket.blobId(key)).build(), seconds, TimeUnit.SECONDS,
                    options.toArray(SignUrlOption[]::new));
            return withEndpointScheme(url.toURI());
        } catch (IllegalStateException e) {
            throw new StorageException("GCS service '" + bucket.serviceName() + "' cannot sign URLs: its credentials can "
                    + "neither sign locally nor through IAM (" + e.getMessage() + "); configure 'credentials' with a "
                    + "service-account key file", e);
        } catch (ServiceAccountSigner.SigningException e) {
            throw new StorageException("GCS service '" + bucket.serviceName() + "' could not sign a URL for key '" + key
                    + "': " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new StorageException("GCS service '" + bucket.serviceName() + "' signed a malformed URL for key '" + key + "'", e);
        }
    }

    /**
     * The SDK always writes https; a plain-http emulator endpoint keeps its scheme, which a V4
     * signature does not cover.
     */
    private URI withEndpointScheme(URI signed) {
        if (host.startsWith("http://") && "https".equals(signed.getScheme())) {
            return URI.create("http" + signed.toString().substring("https".length()));
        }
        return signed;
    }

    private String requireMetadataName(String name) {
        if (!METADATA_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("GCS service '" + bucket.serviceName() + "': custom metadata name '" + name
                    + "' cannot be sent as a direct-upload header (letters, digits, '-' and '_' only)");
        }
        return name;
    }

    private String requireHeaderValue(String what, String value) {
        if (!HEADER_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("GCS service '" + bucket.serviceName() + "': " + what + " '" + value
                    + "' cannot be sent as a direct-upload header (printable ASCII only)");
        }
        return value;
    }

    /** RFC 3986 percent-encoding of each path segment, keeping the slashes between them. */
    private static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '/' || UNRESERVED.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}

package dev.affix.http;

import dev.affix.storage.AllowedContentTypes;
import dev.affix.storage.ContentTypes;
import dev.affix.config.ConfigurationException;
import dev.affix.config.HttpSettings;
import dev.affix.storage.UrlOptions;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the endpoints behave. {@link #defaults()} follows Rails Active Storage; {@link #builder()} changes
 * any of it.
 *
 * @param redirectExpiry           how long the service URL a redirect leads to stays valid (and the redirect's max-age)
 * @param directUploadExpiry       how long a direct-upload URL stays valid
 * @param maxRangeBytes            the longest byte range served in one response; {@link Long#MAX_VALUE} (the default) for no cap
 * @param maxDirectUploadBytes     the largest {@code byte_size} a direct upload may declare (default 5 GiB, S3's largest single PUT)
 * @param allowedDirectUploadTypes the content types a direct upload may declare, exact or {@code type/*}; empty (the default) for any
 * @param inlineContentTypes       the types that may be shown in place; never a type a browser would execute
 * @param urlExpiry                how long the serving URLs that {@link BlobUrls} makes stay valid; empty (the default) for ever
 * @param directUploadRateLimit    how many direct uploads (and bytes) one client may create per period; empty (the default) for no limit
 */
public record EndpointOptions(Duration redirectExpiry, Duration directUploadExpiry, long maxRangeBytes, long maxDirectUploadBytes,
        Set<String> allowedDirectUploadTypes, Set<String> inlineContentTypes, Optional<Duration> urlExpiry,
        Optional<DirectUploadRateLimit> directUploadRateLimit) {

    /** Rails' {@code content_types_allowed_inline}: images that browsers display, and PDF. */
    public static final Set<String> DEFAULT_INLINE_CONTENT_TYPES = Set.of("image/png", "image/gif", "image/jpeg", "image/tiff",
            "image/bmp", "image/webp", "image/avif", "image/vnd.adobe.photoshop", "image/vnd.microsoft.icon", "application/pdf");
    public static final long DEFAULT_MAX_DIRECT_UPLOAD_BYTES = 5L * 1024 * 1024 * 1024;

    public EndpointOptions {
        requirePositive("redirectExpiry", redirectExpiry);
        requirePositive("directUploadExpiry", directUploadExpiry);
        Objects.requireNonNull(urlExpiry, "urlExpiry").ifPresent(value -> requirePositive("urlExpiry", value));
        Objects.requireNonNull(directUploadRateLimit, "directUploadRateLimit");
        if (maxRangeBytes <= 0) {
            throw new IllegalArgumentException("maxRangeBytes must be positive, not " + maxRangeBytes);
        }
        if (maxDirectUploadBytes < 0) {
            throw new IllegalArgumentException("maxDirectUploadBytes must not be negative, not " + maxDirectUploadBytes);
        }
        allowedDirectUploadTypes = AllowedContentTypes.of(Objects.requireNonNull(allowedDirectUploadTypes, "content types")).patterns();
        inlineContentTypes = lowerCase(inlineContentTypes);
        for (String type : inlineContentTypes) {
            if (!ContentTypes.isPattern(type) || type.endsWith("/*")) {
                throw new IllegalArgumentException("inline content type '" + type + "' is not of the form type/subtype");
            }
            if (ContentTypes.isActive(type)) {
                throw new IllegalArgumentException("inline content type '" + type
                        + "' is one a browser would run as a page or script; it is always served as an attachment");
            }
        }
    }

    public static EndpointOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The options written under {@code http:} in the configuration: {@code redirect_expires_in},
     * {@code direct_upload_expires_in} and {@code urls_expire_in} (seconds, or {@code 5m}, {@code 1h},
     * ISO-8601), {@code max_range_bytes}, {@code direct_uploads: {max_byte_size, allowed_content_types,
     * rate_limit: {requests, bytes, per}}} (sizes in bytes or with a unit: {@code 50MiB}, {@code 5GiB},
     * {@code 10MB}), {@code inline_content_types}.
     */
    public static EndpointOptions from(HttpSettings http) {
        Map<String, Object> settings = http.endpoints();
        Builder builder = builder();
        try {
            ConfigValues.duration(settings, "redirect_expires_in").ifPresent(builder::redirectExpiry);
            ConfigValues.duration(settings, "direct_upload_expires_in").ifPresent(builder::directUploadExpiry);
            ConfigValues.bytes(settings, "max_range_bytes").ifPresent(builder::maxRangeBytes);
            ConfigValues.list(settings, "inline_content_types").ifPresent(builder::inlineContentTypes);
            ConfigValues.duration(settings, "urls_expire_in").ifPresent(builder::urlExpiry);
            Map<String, Object> direct = ConfigValues.map(settings, "direct_uploads",
                    Set.of("max_byte_size", "allowed_content_types", "rate_limit"));
            ConfigValues.bytes(direct, "max_byte_size").ifPresent(builder::maxDirectUploadBytes);
            if (direct.containsKey("allowed_content_types")) {
                builder.allowedDirectUploadTypes(AllowedContentTypes.parse(direct.get("allowed_content_types")).patterns());
            }
            if (direct.containsKey("rate_limit")) {
                builder.directUploadRateLimit(rateLimit(ConfigValues.map(direct, "rate_limit", Set.of("requests", "bytes", "per"))));
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("http: " + e.getMessage(), e);
        }
    }

    private static DirectUploadRateLimit rateLimit(Map<String, Object> settings) {
        Duration per = ConfigValues.duration(settings, "per")
                .orElseThrow(() -> new IllegalArgumentException("direct_uploads.rate_limit needs per (e.g. 1m)"));
        return new DirectUploadRateLimit(ConfigValues.count(settings, "requests").orElse(DirectUploadRateLimit.UNLIMITED),
                ConfigValues.bytes(settings, "bytes").orElse(DirectUploadRateLimit.UNLIMITED), per);
    }

    /**
     * Whether a direct upload may declare this type (a validated media type); the bytes' identified
     * type passes the same list when the upload is attached.
     */
    boolean allowsDirectUploadOf(String contentType) {
        return allowedDirectUploadTypes.isEmpty() || AllowedContentTypes.of(allowedDirectUploadTypes).allows(contentType);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.toSeconds() < 1) {
            throw new IllegalArgumentException(name + " must be at least one second, not " + value);
        }
    }

    private static Set<String> lowerCase(Collection<String> values) {
        Set<String> result = new LinkedHashSet<>();
        for (String value : Objects.requireNonNull(values, "content types")) {
            result.add(value.trim().toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(result);
    }

    /** Starts from the defaults. */
    public static final class Builder {
        private Duration redirectExpiry = UrlOptions.DEFAULT_EXPIRY;
        private Duration directUploadExpiry = UrlOptions.DEFAULT_EXPIRY;
        private long maxRangeBytes = Long.MAX_VALUE;
        private long maxDirectUploadBytes = DEFAULT_MAX_DIRECT_UPLOAD_BYTES;
        private Set<String> allowedDirectUploadTypes = Set.of();
        private Set<String> inlineContentTypes = DEFAULT_INLINE_CONTENT_TYPES;
        private Duration urlExpiry;
        private DirectUploadRateLimit directUploadRateLimit;

        private Builder() {
        }

        public Builder redirectExpiry(Duration value) {
            this.redirectExpiry = value;
            return this;
        }

        public Builder directUploadExpiry(Duration value) {
            this.directUploadExpiry = value;
            return this;
        }

        public Builder maxRangeBytes(long value) {
            this.maxRangeBytes = value;
            return this;
        }

        public Builder maxDirectUploadBytes(long value) {
            this.maxDirectUploadBytes = value;
            return this;
        }

        public Builder allowedDirectUploadTypes(Collection<String> value) {
            this.allowedDirectUploadTypes = Set.copyOf(value);
            return this;
        }

        public Builder inlineContentTypes(Collection<String> value) {
            this.inlineContentTypes = Set.copyOf(value);
            return this;
        }

        /** Serving URLs expire this long after they are made; null (the default) for never. */
        public Builder urlExpiry(Duration value) {
            this.urlExpiry = value;
            return this;
        }

        /** Limits direct-upload creation per client; null (the default) for no limit. */
        public Builder directUploadRateLimit(DirectUploadRateLimit value) {
            this.directUploadRateLimit = value;
            return this;
        }

        public EndpointOptions build() {
            return new EndpointOptions(redirectExpiry, directUploadExpiry, maxRangeBytes, maxDirectUploadBytes, allowedDirectUploadTypes,
                    inlineContentTypes, Optional.ofNullable(urlExpiry), Optional.ofNullable(directUploadRateLimit));
        }
    }
}

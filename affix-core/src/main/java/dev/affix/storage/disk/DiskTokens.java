package dev.affix.storage.disk;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.signing.ForeignMessages;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.ContentDisposition;
import dev.affix.storage.Disposition;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.UploadOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The signed tokens in the URLs through which the application serves and receives a Disk service's
 * bytes. A download token and an upload token have different purposes, so neither works in place of
 * the other, and both name the service they were minted for: the endpoints verify a token once and
 * find that service by its name, so that a decorated Disk service (timed, mirrored) serves its URLs.
 *
 * <p>With a Rails application's format configured ({@link MessageSigner#foreign()}), tokens are
 * issued as Rails' Disk service makes them (purposes {@code blob_key} and {@code blob_token}, the
 * hashes of Rails' DiskController) and Rails' tokens are read too, beside Affix's own; a hash with
 * any other key, or a value of another type, is refused. An upload token for a SHA-256 checksum,
 * which Rails' hash cannot carry, stays in Affix's format.
 */
public final class DiskTokens {

    static final String DOWNLOAD_PURPOSE = "disk.download";
    static final String UPLOAD_PURPOSE = "disk.upload";
    private static final String RAILS_DOWNLOAD_PURPOSE = "blob_key";
    private static final String RAILS_UPLOAD_PURPOSE = "blob_token";
    private static final Set<String> RAILS_DOWNLOAD_KEYS = Set.of("key", "disposition", "content_type", "service_name");
    private static final Set<String> RAILS_UPLOAD_KEYS = Set.of("key", "content_type", "content_length", "checksum", "service_name");

    private final MessageSigner signer;

    public DiskTokens(MessageSigner signer) {
        this.signer = signer;
    }

    /** What a genuine download token allows: serving this key of this service, like this. */
    public record DownloadGrant(String serviceName, String key, String filename, Disposition disposition, String contentType) {
    }

    /** What a genuine upload token allows: storing exactly these bytes at this key of this service. */
    public record UploadGrant(String serviceName, String key, String contentType, long byteSize, Checksum checksum) {

        /**
         * Checks what a request declares before its first byte is read: the content type and length
         * the token was issued for. The checksum can only be checked while the bytes are stored, with
         * {@link #uploadOptions()}.
         *
         * @throws IntegrityException naming what differs
         */
        public void requireDeclared(String sentContentType, long contentLength) {
            if (sentContentType == null || !sentContentType.equals(contentType)) {
                throw new IntegrityException("direct upload to key '" + key + "' was sent as '" + sentContentType
                        + "' but declared as '" + contentType + "'; nothing was stored");
            }
            if (contentLength != byteSize) {
                throw new IntegrityException("direct upload to key '" + key + "' is " + contentLength
                        + " bytes long but was declared as " + byteSize + "; nothing was stored");
            }
        }

        /** How to store the bytes so that the service keeps them only if they are exactly the declared ones. */
        public UploadOptions uploadOptions() {
            return UploadOptions.verifying(checksum).withByteSize(byteSize);
        }
    }

    /** A token for serving a key of a service; {@code validFor} null for one that never expires (a public service's). */
    public String download(DownloadGrant grant, Duration validFor) {
        Optional<ForeignMessages> foreign = signer.foreign();
        if (foreign.isPresent()) {
            Map<String, Object> rails = new LinkedHashMap<>();
            rails.put("key", grant.key());
            rails.put("disposition", ContentDisposition.format(grant.disposition(), grant.filename()));
            // Rails' Disk service always names a type, and Rails 6.1.7's DiskController fails on a token without one
            rails.put("content_type", grant.contentType() != null ? grant.contentType() : "application/octet-stream");
            rails.put("service_name", grant.serviceName());
            return foreign.get().sign(rails, RAILS_DOWNLOAD_PURPOSE, validFor == null ? null : signer.clock().instant().plus(validFor));
        }
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("service", grant.serviceName());
        claims.put("key", grant.key());
        claims.put("disposition", grant.disposition().headerValue());
        if (grant.filename() != null) {
            claims.put("filename", grant.filename());
        }
        if (grant.contentType() != null) {
            claims.put("content_type", grant.contentType());
        }
        return validFor == null ? signer.sign(DOWNLOAD_PURPOSE, claims) : signer.sign(DOWNLOAD_PURPOSE, claims, validFor);
    }

    /** A token for one direct upload into a service, valid for {@code validFor}. */
    public String upload(UploadGrant grant, Duration validFor) {
        Optional<ForeignMessages> foreign = signer.foreign();
        if (foreign.isPresent() && grant.checksum().algorithm() == ChecksumAlgorithm.MD5) {
            Map<String, Object> rails = new LinkedHashMap<>();
            rails.put("key", grant.key());
            rails.put("content_type", grant.contentType());
            rails.put("content_length", grant.byteSize());
            rails.put("checksum", grant.checksum().base64());
            rails.put("service_name", grant.serviceName());
            return foreign.get().sign(rails, RAILS_UPLOAD_PURPOSE, signer.clock().instant().plus(validFor));
        }
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("service", grant.serviceName());
        claims.put("key", grant.key());
        claims.put("content_type", grant.contentType());
        claims.put("byte_size", Long.toString(grant.byteSize()));
        claims.put("checksum", grant.checksum().toString());
        return signer.sign(UPLOAD_PURPOSE, claims, validFor);
    }

    public Optional<DownloadGrant> verifyDownload(String token) {
        return signer.verify(DOWNLOAD_PURPOSE, token).map(c -> new DownloadGrant(c.get("service"), c.get("key"),
                c.get("filename"), Disposition.parse(c.get("disposition")), c.get("content_type")))
                .or(() -> railsHash(token, RAILS_DOWNLOAD_PURPOSE, RAILS_DOWNLOAD_KEYS).flatMap(DiskTokens::railsDownload));
    }

    public Optional<UploadGrant> verifyUpload(String token) {
        return signer.verify(UPLOAD_PURPOSE, token).map(c -> new UploadGrant(c.get("service"), c.get("key"),
                c.get("content_type"), Long.parseLong(c.get("byte_size")), Checksum.parse(c.get("checksum"))))
                .or(() -> railsHash(token, RAILS_UPLOAD_PURPOSE, RAILS_UPLOAD_KEYS).flatMap(DiskTokens::railsUpload));
    }

    /** The hash of a genuine Rails token for this purpose, if it has exactly these keys. */
    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> railsHash(String token, String purpose, Set<String> keys) {
        return signer.foreign().flatMap(foreign -> foreign.verify(token, purpose))
                .map(ForeignMessages.Verified::value)
                .filter(value -> value instanceof Map<?, ?> map && map.keySet().equals(keys))
                .map(value -> (Map<String, Object>) value);
    }

    private static Optional<DownloadGrant> railsDownload(Map<String, Object> hash) {
        if (!(hash.get("key") instanceof String key) || !(hash.get("service_name") instanceof String service)
                || !(hash.get("disposition") instanceof String disposition)
                || hash.get("content_type") != null && !(hash.get("content_type") instanceof String)) {
            return Optional.empty();
        }
        return DispositionHeader.parse(disposition).map(parsed -> new DownloadGrant(service, key, parsed.filename(),
                parsed.disposition(), (String) hash.get("content_type")));
    }

    private static Optional<UploadGrant> railsUpload(Map<String, Object> hash) {
        if (!(hash.get("key") instanceof String key) || !(hash.get("service_name") instanceof String service)
                || !(hash.get("content_type") instanceof String contentType) || !(hash.get("content_length") instanceof Long length)
                || length < 0 || !(hash.get("checksum") instanceof String checksum)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UploadGrant(service, key, contentType, length, new Checksum(ChecksumAlgorithm.MD5, checksum)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

package dev.affix.storage.disk;

import dev.affix.checksum.Checksum;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.Disposition;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.UploadOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The signed tokens in the URLs through which the application serves and receives a Disk service's
 * bytes. A download token and an upload token have different purposes, so neither works in place of
 * the other, and both name the service they were minted for: the endpoints verify a token once and
 * find that service by its name, so that a decorated Disk service (timed, mirrored) serves its URLs.
 */
public final class DiskTokens {

    static final String DOWNLOAD_PURPOSE = "disk.download";
    static final String UPLOAD_PURPOSE = "disk.upload";

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
                c.get("filename"), Disposition.parse(c.get("disposition")), c.get("content_type")));
    }

    public Optional<UploadGrant> verifyUpload(String token) {
        return signer.verify(UPLOAD_PURPOSE, token).map(c -> new UploadGrant(c.get("service"), c.get("key"),
                c.get("content_type"), Long.parseLong(c.get("byte_size")), Checksum.parse(c.get("checksum"))));
    }
}

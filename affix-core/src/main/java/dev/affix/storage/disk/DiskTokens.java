package dev.affix.storage.disk;

import dev.affix.checksum.Checksum;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.Disposition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The signed tokens in the URLs through which the application serves and receives a Disk service's
 * bytes. A download token and an upload token have different purposes, so neither works in place of
 * the other, and both name the service they were minted for.
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
    }

    String download(DownloadGrant grant, Duration validFor) {
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

    String upload(UploadGrant grant, Duration validFor) {
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

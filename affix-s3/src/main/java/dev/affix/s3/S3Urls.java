package dev.affix.s3;

import dev.affix.storage.ContentDisposition;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.storage.DirectUploadRequest;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.Disposition;
import dev.affix.storage.UrlOptions;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * The URLs S3 itself serves: presigned GETs that also choose the response's type and disposition,
 * plain permanent URLs for a public bucket, and presigned PUTs for direct uploads that bind the
 * declared length, checksum and type into the signature, so that S3 refuses any other upload, and
 * {@code If-None-Match: *}, so that S3 refuses to replace an object already at the key.
 */
final class S3Urls {

    /** SigV4 presigned URLs live at most seven days. */
    static final Duration MAX_EXPIRY = Duration.ofDays(7);
    /** How the signed headers a browser must repeat are spelled in the answer; x-amz-* stay lower case. */
    private static final Map<String, String> HEADER_NAMES = Map.of(
            "content-type", "Content-Type",
            "content-md5", "Content-MD5",
            "content-disposition", "Content-Disposition",
            "cache-control", "Cache-Control",
            "if-none-match", "If-None-Match");

    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3Settings settings;

    S3Urls(S3Client s3, S3Presigner presigner, S3Settings settings) {
        this.s3 = s3;
        this.presigner = presigner;
        this.settings = settings;
    }

    URI download(String key, UrlOptions options) {
        if (settings.isPublic()) {
            // A public object has one permanent address; overrides of the response would need a signature.
            return toUri(s3.utilities().getUrl(url -> url.bucket(settings.bucket()).key(key)));
        }
        Duration expiresIn = requireExpiry(options.expiresIn());
        String disposition = options.filename() != null || options.disposition() == Disposition.ATTACHMENT
                ? ContentDisposition.format(options.disposition(), options.filename())
                : null;
        String contentType = options.contentTypeIfKnown()
                .map(type -> HeaderValues.requirePrintableAscii("content type", type))
                .orElse(null);
        return toUri(presigner.presignGetObject(presign -> presign.signatureDuration(expiresIn)
                .getObjectRequest(get -> get.bucket(settings.bucket()).key(key)
                        .responseContentType(contentType)
                        .responseContentDisposition(disposition))).url());
    }

    DirectUploadTarget directUpload(String key, DirectUploadRequest request) {
        Duration expiresIn = requireExpiry(request.expiresIn());
        ObjectAttributes attributes = ObjectAttributes.of(request.metadata().withContentType(request.contentType()), settings);
        // signed in, so S3 stores the browser's bytes only if the key is still free
        PutObjectRequest.Builder put = attributes.applyTo(PutObjectRequest.builder().bucket(settings.bucket()).key(key))
                .contentLength(request.byteSize()).ifNoneMatch("*");
        if (request.checksum().algorithm() == ChecksumAlgorithm.SHA256) {
            put.checksumSHA256(request.checksum().base64());
        } else {
            put.contentMD5(request.checksum().base64());
        }
        PresignedPutObjectRequest presigned = presigner.presignPutObject(presign -> presign.signatureDuration(expiresIn)
                .putObjectRequest(put.build()));
        return new DirectUploadTarget(toUri(presigned.url()), browserHeaders(presigned.signedHeaders()));
    }

    /**
     * The signed headers a browser has to send as they are. Host and Content-Length are signed too, but
     * a browser sets those itself (to the URL's host and the body's length) and may not set them by hand.
     */
    private static Map<String, String> browserHeaders(Map<String, List<String>> signed) {
        Map<String, String> headers = new TreeMap<>();
        signed.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("host") && !lower.equals("content-length")) {
                headers.put(HEADER_NAMES.getOrDefault(lower, lower), String.join(",", values));
            }
        });
        return headers;
    }

    private static Duration requireExpiry(Duration expiresIn) {
        if (expiresIn.compareTo(MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("S3 URLs expire after at most " + MAX_EXPIRY.toDays() + " days, not " + expiresIn);
        }
        return expiresIn;
    }

    private static URI toUri(URL url) {
        return URI.create(url.toExternalForm());
    }
}

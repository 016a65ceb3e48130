package dev.affix.gcs;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.testkit.StorageServiceContract.HttpResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stands in for GCS's XML API endpoint, which serves signed URLs and which the in-memory fake does
 * not have. It answers a GET or PUT the way GCS documents it: 403 unless the V4 signature verifies
 * against the test account's public key for this method, URL and the signed request headers; 400
 * once X-Goog-Date + X-Goog-Expires has passed on the test clock; for a PUT, 400 BadDigest when the
 * body's MD5 is not the Content-MD5 header, and 412 PreconditionFailed when it says
 * {@code x-goog-if-generation-match: 0} and the key holds an object. Then it reads or writes the
 * object in the fake through the SDK. It checks our URLs against our reading of GCS's rules, not
 * against GCS.
 */
final class SignedUrlEndpoint {

    private final Storage storage;
    private final String bucket;
    private final PublicKey signer;
    private final TestClock clock;

    SignedUrlEndpoint(Storage storage, String bucket, PublicKey signer, TestClock clock) {
        this.storage = storage;
        this.bucket = bucket;
        this.signer = signer;
        this.clock = clock;
    }

    HttpResult get(URI url) {
        V4SignedUrl signed = V4SignedUrl.parse(url);
        HttpResult refusal = refusal(signed, "GET", Map.of());
        if (refusal != null) {
            return refusal;
        }
        Blob blob = storage.get(BlobId.of(bucket, signed.objectName(bucket)));
        if (blob == null) {
            return error(404, "NoSuchKey");
        }
        return new HttpResult(200, storage.readAllBytes(blob.getBlobId()));
    }

    HttpResult put(URI url, Map<String, String> requestHeaders, byte[] body) {
        V4SignedUrl signed = V4SignedUrl.parse(url);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(requestHeaders);
        HttpResult refusal = refusal(signed, "PUT", headers);
        if (refusal != null) {
            return refusal;
        }
        String declaredMd5 = headers.get("Content-MD5");
        if (declaredMd5 != null && !declaredMd5.equals(Base64.getEncoder().encodeToString(
                ChecksumAlgorithm.MD5.newDigest().digest(body)))) {
            return error(400, "BadDigest");
        }
        try {
            store(signed.objectName(bucket), headers, body);
        } catch (com.google.cloud.storage.StorageException e) {
            if (e.getCode() == 412) {
                return error(412, "PreconditionFailed");
            }
            throw e;
        }
        return new HttpResult(200, new byte[0]);
    }

    private HttpResult refusal(V4SignedUrl signed, String method, Map<String, String> headers) {
        if (!signed.signatureVerifies(signer, method, headers)) {
            return error(403, "SignatureDoesNotMatch");
        }
        if (!signed.isValidAt(clock.instant())) {
            return error(400, "ExpiredToken");
        }
        return null;
    }

    private void store(String name, Map<String, String> headers, byte[] body) {
        Map<String, String> custom = new HashMap<>();
        headers.forEach((header, value) -> {
            if (header.toLowerCase(Locale.ROOT).startsWith("x-goog-meta-")) {
                custom.put(header.substring("x-goog-meta-".length()), value);
            }
        });
        BlobInfo info = BlobInfo.newBuilder(BlobId.of(bucket, name))
                .setContentType(headers.get("Content-Type"))
                .setContentDisposition(headers.get("Content-Disposition"))
                .setCacheControl(headers.get("Cache-Control"))
                .setMetadata(custom.isEmpty() ? null : custom)
                .build();
        Storage.BlobWriteOption[] conditions = "0".equals(headers.get("x-goog-if-generation-match"))
                ? new Storage.BlobWriteOption[] {Storage.BlobWriteOption.doesNotExist()}
                : new Storage.BlobWriteOption[0];
        try (WriteChannel writer = storage.writer(info, conditions)) {
            writer.write(ByteBuffer.wrap(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResult error(int status, String code) {
        return new HttpResult(status, ("<Error><Code>" + code + "</Code></Error>").getBytes(StandardCharsets.UTF_8));
    }
}

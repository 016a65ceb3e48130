package dev.affix.s3;

import dev.affix.storage.KeyExistsException;
import dev.affix.storage.StorageException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns the SDK's failures into messages an operator can act on: which setting is wrong (access key,
 * secret, bucket, region, endpoint) rather than a bare "403 Forbidden".
 */
final class S3Errors {

    private final String serviceName;
    private final S3Settings settings;

    S3Errors(String serviceName, S3Settings settings) {
        this.serviceName = serviceName;
        this.settings = settings;
    }

    /**
     * Whether S3 refused a conditional write ({@code If-None-Match: *}) because the key is taken: 412
     * PreconditionFailed, or 409 ConditionalRequestConflict when another write to the key was under
     * way at the same moment.
     */
    static boolean isKeyTaken(SdkException e) {
        return e instanceof S3Exception s3 && (s3.statusCode() == 412
                || (s3.statusCode() == 409 && "ConditionalRequestConflict".equals(code(s3))));
    }

    KeyExistsException keyTaken(String key, SdkException e) {
        return new KeyExistsException(serviceName, key, e);
    }

    /** A {@link StorageException} naming the service, what it was doing, and what went wrong. */
    StorageException failed(String action, SdkException e) {
        return new StorageException(describe(action) + " failed: " + explain(e), e);
    }

    /** "S3 service 'name': ACTION", the opening of every message this service raises. */
    String describe(String action) {
        return "S3 service '" + serviceName + "': " + action;
    }

    /** Whether S3 answered that the object is missing (and not, say, the bucket). */
    static boolean isMissingObject(SdkException e) {
        if (e instanceof NoSuchKeyException) {
            return true;
        }
        return e instanceof S3Exception s3 && s3.statusCode() == 404 && (code(s3) == null || code(s3).equals("NoSuchKey"));
    }

    static boolean hasStatus(SdkException e, int status) {
        return e instanceof S3Exception s3 && s3.statusCode() == status;
    }

    static String code(S3Exception e) {
        AwsErrorDetails details = e.awsErrorDetails();
        return details == null ? null : details.errorCode();
    }

    /** What went wrong, in terms of this service's settings. */
    String explain(SdkException e) {
        if (e instanceof S3Exception s3) {
            return explainRefusal(s3);
        }
        if (e instanceof SdkClientException) {
            Throwable unreachable = unreachableCause(e);
            if (unreachable != null) {
                return "the endpoint " + settings.location() + " is unreachable: " + unreachable.getMessage();
            }
            if (String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
                return "no credentials: set access_key_id and secret_access_key, or give them to the default AWS "
                        + "credential chain (" + e.getMessage() + ")";
            }
        }
        return e.getMessage();
    }

    private String explainRefusal(S3Exception e) {
        String code = code(e);
        String bucket = "bucket '" + settings.bucket() + "'";
        if (code == null && e.statusCode() == 403) {
            return "forbidden (HTTP 403 without an error code, as answers to HEAD requests are): the credentials are "
                    + "wrong or lack permission on " + bucket + "; the service check tells which";
        }
        if ((code == null && e.statusCode() == 301) || "PermanentRedirect".equals(code)
                || "AuthorizationHeaderMalformed".equals(code)) {
            String actual = e.awsErrorDetails() == null ? null
                    : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region").orElse(null);
            return bucket + " is not in region '" + settings.region() + "'"
                    + (actual != null ? " but in '" + actual + "': set region: " + actual : ": check region");
        }
        if (code == null) {
            return "HTTP " + e.statusCode() + " " + e.getMessage();
        }
        return switch (code) {
            case "NoSuchBucket" -> bucket + " does not exist at " + settings.location() + " (NoSuchBucket)";
            case "InvalidAccessKeyId" -> "the access key id " + accessKeyDescription() + " is not known at "
                    + settings.location() + " (InvalidAccessKeyId): check access_key_id";
            case "SignatureDoesNotMatch" -> "the secret access key does not belong to access key id "
                    + accessKeyDescription() + " (SignatureDoesNotMatch): check secret_access_key";
            case "AccessDenied" -> "access denied (AccessDenied): the credentials are valid but not allowed to do this in "
                    + bucket;
            case "RequestTimeTooSkewed" -> "this machine's clock differs too much from the server's (RequestTimeTooSkewed)";
            case "NoSuchKey" -> "there is no object at that key (NoSuchKey)";
            case "BadDigest", "InvalidDigest" -> "the bytes received did not match the checksum sent with them (" + code + ")";
            default -> "HTTP " + e.statusCode() + " " + code + ": " + e.awsErrorDetails().errorMessage();
        };
    }

    private String accessKeyDescription() {
        return settings.accessKeyId() != null ? "'" + settings.accessKeyId() + "'" : "from the default AWS credential chain";
    }

    private static Throwable unreachableCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof SocketTimeoutException) {
                return cause;
            }
        }
        return null;
    }
}

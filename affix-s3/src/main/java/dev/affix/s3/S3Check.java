package dev.affix.s3;

import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.storage.ServiceCheck;
import dev.affix.storage.StorageKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Checks an S3 service step by step, so that a failure says which setting is wrong: the endpoint
 * (unreachable), the credentials (unknown key, wrong secret), the bucket (missing, other region),
 * the permissions (may read but not write).
 */
final class S3Check {

    private final String serviceName;
    private final S3Client s3;
    private final S3Settings settings;
    private final S3Errors errors;

    S3Check(String serviceName, S3Client s3, S3Settings settings, S3Errors errors) {
        this.serviceName = serviceName;
        this.s3 = s3;
        this.settings = settings;
        this.errors = errors;
    }

    ServiceCheck run() {
        String bucket = "bucket '" + settings.bucket() + "' at " + settings.location();
        try {
            s3.headBucket(head -> head.bucket(settings.bucket()));
        } catch (SdkException e) {
            return failed("cannot use " + bucket + ": " + errors.explain(diagnose(e)));
        }
        String probeKey = "affix-check/" + StorageKeys.random();
        byte[] probe = ("affix service check " + probeKey).getBytes(StandardCharsets.UTF_8);
        try {
            s3.putObject(put -> put.bucket(settings.bucket()).key(probeKey).contentMD5(md5(probe)), RequestBody.fromBytes(probe));
        } catch (SdkException e) {
            return failed(bucket + " answers, but storing probe object '" + probeKey + "' failed: " + errors.explain(e));
        }
        try {
            s3.deleteObject(delete -> delete.bucket(settings.bucket()).key(probeKey));
        } catch (SdkException e) {
            return failed(bucket + " took probe object '" + probeKey + "', but deleting it failed: " + errors.explain(e));
        }
        return ServiceCheck.passed(serviceName, S3Service.TYPE, bucket + " answers; stored and deleted a probe object");
    }

    /**
     * A refused HEAD carries no error code, so "403" could mean an unknown key, a wrong secret or
     * missing permissions; the same question asked with a GET gets an answer that says which.
     */
    private SdkException diagnose(SdkException headFailure) {
        if (!S3Errors.hasStatus(headFailure, 403)) {
            return headFailure;
        }
        try {
            s3.listObjectsV2(list -> list.bucket(settings.bucket()).maxKeys(1));
            return headFailure;
        } catch (SdkException e) {
            return e;
        }
    }

    private ServiceCheck failed(String detail) {
        return ServiceCheck.failed(serviceName, S3Service.TYPE, detail);
    }

    private static String md5(byte[] bytes) {
        return Base64.getEncoder().encodeToString(ChecksumAlgorithm.MD5.newDigest().digest(bytes));
    }
}

package dev.affix.gcs;

import java.util.Locale;

/**
 * Turns the SDK's exceptions into sentences that say what went wrong in terms an operator can act
 * on: a missing bucket, missing permissions, rejected credentials, or GCS failing after retries.
 */
final class GcsErrors {

    private GcsErrors() {
    }

    static boolean isNotFound(com.google.cloud.storage.StorageException e) {
        return e.getCode() == 404;
    }

    /** GCS refused a write whose precondition did not hold; for a write that must not overwrite, the key is taken. */
    static boolean isPreconditionFailed(com.google.cloud.storage.StorageException e) {
        return e.getCode() == 412;
    }

    /** The reason for a failure of a request to {@code bucket}, without the operation (the caller names it). */
    static String describe(com.google.cloud.storage.StorageException e, String bucket) {
        String detail = detail(e);
        if (e.getCode() == 401 || isCredentialsFailure(e)) {
            return "the credentials were rejected or could not obtain an access token (" + detail + ")";
        }
        return switch (e.getCode()) {
            case 403 -> "permission denied on bucket '" + bucket + "' (" + detail + ")";
            case 404 -> isMissingBucket(detail)
                    ? "bucket '" + bucket + "' does not exist (" + detail + ")"
                    : "not found (" + detail + ")";
            case 412 -> "the object changed meanwhile (" + detail + ")";
            case 429 -> "GCS kept throttling the requests until the retries ran out (" + detail + ")";
            case 0 -> "GCS could not be reached or the request failed (" + detail + ")";
            default -> e.getCode() >= 500
                    ? "GCS kept failing with HTTP " + e.getCode() + " until the retries ran out (" + detail + ")"
                    : "GCS refused the request with HTTP " + e.getCode() + " (" + detail + ")";
        };
    }

    /** GCS says "The specified bucket does not exist." (JSON API) or NoSuchBucket (XML API). */
    private static boolean isMissingBucket(String detail) {
        String text = detail.toLowerCase(Locale.ROOT);
        return text.contains("bucket does not exist") || text.contains("nosuchbucket");
    }

    /** Token refreshes fail inside the SDK's transport and arrive without an HTTP status of their own. */
    private static boolean isCredentialsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("invalid_grant") || message.contains("Error getting access token")
                    || t.getClass().getName().startsWith("com.google.auth.")) {
                return true;
            }
        }
        return false;
    }

    private static String detail(Throwable e) {
        String message = e.getMessage();
        if ((message == null || message.isBlank()) && e.getCause() != null) {
            message = e.getCause().toString();
        }
        return message == null ? e.getClass().getSimpleName() : message.strip();
    }
}

package dev.affix.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.StorageException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;

/**
 * Turns what the Azure SDK throws into Affix's exceptions, with messages that say what to fix: a
 * refused key, a missing container, an unreachable endpoint, rather than an HTTP status alone.
 */
final class AzureFailures {

    private final String serviceName;
    private final String account;
    private final String container;
    private final String endpoint;

    AzureFailures(String serviceName, BlobContainerClient containerClient) {
        this.serviceName = serviceName;
        this.account = containerClient.getAccountName();
        this.container = containerClient.getBlobContainerName();
        this.endpoint = containerClient.getAccountUrl();
    }

    /** Whether Azure answered that the blob does not exist (and not that its container is missing). */
    static boolean isBlobNotFound(RuntimeException e) {
        return e instanceof BlobStorageException azure && BlobErrorCode.BLOB_NOT_FOUND.equals(azure.getErrorCode());
    }

    /**
     * Whether Azure refused a write made on condition that no blob is at the key ({@code If-None-Match: *}):
     * 409 BlobAlreadyExists, or 412 ConditionNotMet.
     */
    static boolean isKeyTaken(RuntimeException e) {
        return e instanceof BlobStorageException azure && (BlobErrorCode.BLOB_ALREADY_EXISTS.equals(azure.getErrorCode())
                || BlobErrorCode.CONDITION_NOT_MET.equals(azure.getErrorCode()));
    }

    /** Whether Azure refused a byte range that starts at or past the end of the blob. */
    static boolean isInvalidRange(RuntimeException e) {
        return e instanceof BlobStorageException azure && azure.getStatusCode() == 416;
    }

    /**
     * The exception to raise for a failure while doing {@code action} (e.g. "store key 'a/b'"); a
     * missing blob becomes {@link ObjectNotFoundException} when {@code key} is given.
     */
    StorageException translate(RuntimeException e, String action, String key) {
        if (key != null && isBlobNotFound(e)) {
            return new ObjectNotFoundException(serviceName, key);
        }
        return new StorageException("Azure service '" + serviceName + "' could not " + action + ": " + explain(e), e);
    }

    /** What went wrong, in terms of the configuration that can fix it. */
    String explain(RuntimeException e) {
        if (e instanceof BlobStorageException azure) {
            String code = azure.getErrorCode() == null ? "no error code" : azure.getErrorCode().toString();
            String status = azure.getStatusCode() + " " + code;
            if (BlobErrorCode.AUTHENTICATION_FAILED.equals(azure.getErrorCode())) {
                return "account '" + account + "' at " + endpoint + " refused the storage_access_key (" + status
                        + "); check the key and the account name";
            }
            if (BlobErrorCode.AUTHORIZATION_FAILURE.equals(azure.getErrorCode())) {
                // Azure says this for firewall and network rules; Azurite says it for a wrong key too.
                return "account '" + account + "' at " + endpoint + " did not authorize the request (" + status
                        + "); check the storage_access_key and the account's network rules";
            }
            if (azure.getStatusCode() == 403) {
                return "account '" + account + "' at " + endpoint + " denied access (" + status + ")";
            }
            if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(azure.getErrorCode())) {
                return "container '" + container + "' does not exist in account '" + account + "' at " + endpoint + " ("
                        + status + "); create it or fix the container key";
            }
            String detail = azure.getServiceMessage();
            return status + (detail == null || detail.isBlank() ? "" : ": " + firstLine(detail));
        }
        Throwable unreachable = connectionFailure(e);
        if (unreachable != null) {
            return "endpoint " + endpoint + " is unreachable (" + unreachable + ")";
        }
        return e.toString();
    }

    private static Throwable connectionFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof HttpConnectTimeoutException) {
                return cause;
            }
        }
        return null;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text.trim() : text.substring(0, newline).trim();
    }
}

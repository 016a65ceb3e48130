package dev.affix.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;

/**
 * Builds the SDK clients the service uses, all alike: the JDK's HttpClient as transport (Netty's
 * native parts are not wanted) and a bounded retry policy for transient failures (timeouts, 5xx,
 * refused connections): four tries in all, backing off from half a second to eight.
 */
final class AzureContainerClients {

    private static final RequestRetryOptions RETRIES = new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 4,
            Duration.ofMinutes(2), Duration.ofMillis(500), Duration.ofSeconds(8), null);
    private static final HttpClient HTTP = new JdkHttpClientBuilder().connectionTimeout(Duration.ofSeconds(10)).build();

    private AzureContainerClients() {
    }

    /** A client for {@code container} at {@code endpoint} (the account's blob URL), signing with the account key. */
    static BlobContainerClient withSharedKey(String endpoint, StorageSharedKeyCredential credential, String container) {
        return builder().endpoint(endpoint).credential(credential).buildClient().getBlobContainerClient(container);
    }

    /** A client for {@code container} in the account a connection string with AccountName and AccountKey names. */
    static BlobContainerClient fromConnectionString(String connectionString, String container) {
        return builder().connectionString(connectionString).buildClient().getBlobContainerClient(container);
    }

    private static BlobServiceClientBuilder builder() {
        return new BlobServiceClientBuilder().httpClient(HTTP).retryOptions(RETRIES);
    }
}

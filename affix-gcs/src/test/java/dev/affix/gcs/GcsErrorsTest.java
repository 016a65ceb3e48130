package dev.affix.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.StorageException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * How the SDK's failures are explained. The exceptions are built with the codes and messages GCS and
 * the auth library produce, because the in-memory fake cannot produce them.
 */
class GcsErrorsTest {

    @Test
    void missingBucketIsNamed() {
        assertThat(GcsErrors.describe(new StorageException(404, "The specified bucket does not exist."), "media"))
                .startsWith("bucket 'media' does not exist");
        assertThat(GcsErrors.describe(new StorageException(404, "No such object: media/a"), "media"))
                .startsWith("not found");
    }

    @Test
    void permissionsAndCredentialsAreToldApart() {
        assertThat(GcsErrors.describe(new StorageException(403,
                "app@p.iam.gserviceaccount.com does not have storage.objects.list access to the Google Cloud Storage bucket."),
                "media"))
                .startsWith("permission denied on bucket 'media'")
                .contains("storage.objects.list");
        assertThat(GcsErrors.describe(new StorageException(401, "Invalid Credentials"), "media"))
                .startsWith("the credentials were rejected");
        assertThat(GcsErrors.describe(new StorageException(new IOException(
                "Error getting access token for service account: 400 Bad Request {\"error\":\"invalid_grant\"}")), "media"))
                .startsWith("the credentials were rejected");
    }

    @Test
    void transientFailuresSayRetriesRanOut() {
        assertThat(GcsErrors.describe(new StorageException(503, "Service Unavailable"), "media"))
                .startsWith("GCS kept failing with HTTP 503 until the retries ran out");
        assertThat(GcsErrors.describe(new StorageException(429, "rate limit"), "media"))
                .startsWith("GCS kept throttling");
        assertThat(GcsErrors.describe(new StorageException(new IOException("Connection refused")), "media"))
                .startsWith("GCS could not be reached")
                .contains("Connection refused");
    }
}

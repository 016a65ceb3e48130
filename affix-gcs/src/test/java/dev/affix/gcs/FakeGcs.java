package dev.affix.gcs;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.ExtendedFakeStorageRpc;

/**
 * One in-memory GCS for a test: the completed LocalStorageHelper fake, a Storage client on it with
 * the service's retry settings, the test clock and an in-memory service account that can sign, and
 * the signed-URL endpoint that serves what the fake cannot.
 */
final class FakeGcs {

    static final String BUCKET = "affix-test-bucket";
    static final TestServiceAccount ACCOUNT = TestServiceAccount.generate();
    final TestClock clock = new TestClock();
    final ExtendedFakeStorageRpc rpc = new ExtendedFakeStorageRpc();
    final Storage storage = rpc.storageOptions()
            .setClock(clock)
            .setCredentials(ACCOUNT.credentials())
            .setRetrySettings(GcsServiceFactory.RETRY_SETTINGS)
            .build()
            .getService();

    GcsService service(boolean isPublic, String cacheControl) {
        return new GcsService("google", storage, BUCKET, isPublic, cacheControl);
    }

    SignedUrlEndpoint endpoint() {
        return new SignedUrlEndpoint(storage, BUCKET, ACCOUNT.publicKey(), clock);
    }
}

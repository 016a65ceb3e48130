package dev.affix.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * s3proxy in this JVM, on a fixed local port and an in-memory store that outlives the server: a test
 * stops the server mid-upload, as an outage would, and starts it again on the same port and store
 * to see what was left.
 */
final class S3Server implements AutoCloseable {

    static final String ACCESS_KEY = "faults-access";
    static final String SECRET_KEY = "faults-secret";
    static final String BUCKET = "faults";

    private final BlobStore store = new TransientNio2BlobStore();
    private final int port;
    private final S3Client client;
    private S3Proxy proxy;

    S3Server() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            this.port = free.getLocalPort();
        }
        start();
        this.client = S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
        client.createBucket(create -> create.bucket(BUCKET));
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The settings of an S3 service on this server's bucket, in small parts so that a large upload is a multipart one. */
    Map<String, Object> serviceSettings() {
        return Map.of("bucket", BUCKET, "region", "us-east-1", "endpoint", endpoint().toString(), "access_key_id", ACCESS_KEY,
                "secret_access_key", SECRET_KEY, "force_path_style", true, "part_size", 5L * 1024 * 1024);
    }

    synchronized void start() {
        S3Proxy started = S3Proxy.builder()
                .blobStore(store)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(endpoint())
                .stopTimeout(0)
                .build();
        try {
            started.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!started.getState().equals("STARTED")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start: " + started.getState());
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start", e);
        }
        proxy = started;
    }

    /** Stops the server at once, dropping the requests in progress. */
    synchronized void stop() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not stop", e);
        }
    }

    /** The keys of the objects in the bucket, looked up behind the service's back. */
    Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        client.listObjectsV2Paginator(list -> list.bucket(BUCKET)).contents().stream().map(S3Object::key).forEach(keys::add);
        return keys;
    }

    /** How many multipart uploads were begun and neither completed nor aborted. */
    int unfinishedMultipartUploads() {
        return client.listMultipartUploads(list -> list.bucket(BUCKET)).uploads().size();
    }

    @Override
    public void close() {
        client.close();
        stop();
    }
}

package dev.affix.s3;

import dev.affix.storage.spi.ServiceSettings;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * s3proxy running in this JVM on 127.0.0.1 and a free port, with an in-memory store, SigV4
 * authentication and one bucket. Tests reach it through Affix's own factory and, to look behind the
 * service's back, through a plain SDK client.
 */
final class S3ProxyServer implements AutoCloseable {

    static final String ACCESS_KEY = "affix-test-access";
    static final String SECRET_KEY = "affix-test-secret";
    static final String BUCKET = "affix-test";

    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client client;

    private S3ProxyServer(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.client = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    static S3ProxyServer start() {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .stopTimeout(0)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!proxy.getState().equals("STARTED")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start", e);
        }
        S3ProxyServer server = new S3ProxyServer(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
        server.client.createBucket(create -> create.bucket(BUCKET));
        return server;
    }

    URI endpoint() {
        return endpoint;
    }

    /** A plain SDK client with the server's credentials, for looking at what the service left behind. */
    S3Client client() {
        return client;
    }

    /** The configuration entry of a service on this server's bucket, with some keys replaced or added. */
    ServiceSettings settings(String name, Map<String, ?> overrides) {
        return ServiceSettings.of(name, S3Service.TYPE, configuration(overrides));
    }

    /** The keys of a service's configuration entry on this server's bucket, with some replaced or added. */
    Map<String, Object> configuration(Map<String, ?> overrides) {
        Map<String, Object> values = new HashMap<>(Map.of(
                "bucket", BUCKET,
                "region", "us-east-1",
                "endpoint", endpoint.toString(),
                "access_key_id", ACCESS_KEY,
                "secret_access_key", SECRET_KEY,
                "force_path_style", true));
        values.putAll(overrides);
        return values;
    }

    /** A service built by the factory, as the configuration would build it. */
    S3Service service(String name, Map<String, ?> overrides) {
        return S3Service.connect(name, S3ServiceFactory.settingsOf(settings(name, overrides)));
    }

    List<MultipartUpload> multipartUploads() {
        return client.listMultipartUploads(list -> list.bucket(BUCKET)).uploads();
    }

    @Override
    public void close() {
        client.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not stop", e);
        }
    }
}

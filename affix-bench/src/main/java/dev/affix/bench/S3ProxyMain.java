package dev.affix.bench;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * s3proxy as its own process for benchmarks, with an in-memory store (give it the heap), SigV4 and one
 * bucket, so that the uploads being compared share one server and neither pays for it in its JVM.
 *
 * <pre>java -Xmx4g -cp affix-bench.jar dev.affix.bench.S3ProxyMain PORT</pre>
 */
public final class S3ProxyMain {

    static final String ACCESS_KEY = "bench-access";
    static final String SECRET_KEY = "bench-secret";
    static final String BUCKET = "bench";

    private S3ProxyMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        try (S3Client client = client(URI.create("http://127.0.0.1:" + port))) {
            client.createBucket(create -> create.bucket(BUCKET));
        }
        System.out.println("s3proxy ready on " + port);
        Thread.currentThread().join();
    }

    static S3Client client(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }
}

package dev.affix.bench;

import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The baseline of the S3 upload benchmark: the plain AWS SDK putting a file, as an application does
 * without Affix (no checksum of its own, no multipart, the SDK's defaults).
 *
 * <pre>java -cp affix-bench.jar dev.affix.bench.PlainS3Upload ENDPOINT FILE KEY</pre>
 */
public final class PlainS3Upload {

    private PlainS3Upload() {
    }

    public static void main(String[] args) {
        try (S3Client client = S3ProxyMain.client(URI.create(args[0]))) {
            client.putObject(put -> put.bucket(S3ProxyMain.BUCKET).key(args[2]), RequestBody.fromFile(Path.of(args[1])));
        }
    }
}

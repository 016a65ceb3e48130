package dev.affix.bench;

import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The baseline of the tus-to-S3 benchmark: the plain AWS SDK uploading a file as a multipart upload
 * in parts of the same size as the tus chunks, one after another, streamed from the file.
 *
 * <pre>java -cp affix-bench.jar dev.affix.bench.PlainS3MultipartUpload ENDPOINT FILE KEY PART_MIB</pre>
 */
public final class PlainS3MultipartUpload {

    private PlainS3MultipartUpload() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        String key = args[2];
        long partSize = Long.parseLong(args[3]) << 20;
        try (S3Client client = S3ProxyMain.client(URI.create(args[0]));
             FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            String uploadId = client.createMultipartUpload(create -> create.bucket(S3ProxyMain.BUCKET).key(key)).uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            long size = channel.size();
            for (long offset = 0; offset < size; offset += partSize) {
                long length = Math.min(partSize, size - offset);
                int number = parts.size() + 1;
                channel.position(offset);
                InputStream part = Channels.newInputStream(channel);
                String eTag = client.uploadPart(upload -> upload.bucket(S3ProxyMain.BUCKET).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength(length), RequestBody.fromInputStream(part, length)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
            }
            client.completeMultipartUpload(complete -> complete.bucket(S3ProxyMain.BUCKET).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        }
    }
}

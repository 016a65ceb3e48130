package dev.affix.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The client of the tus benchmark: uploads a file to a tus endpoint in chunks of a fixed size, one
 * PATCH after another, as tus-js-client does with {@code chunkSize}; or resumes an upload from the
 * offset the server tells, as a new client process does after the first one died. With
 * {@code --die-at FRACTION} the process halts half-way through the chunk that crosses that share of the
 * file, printing how many bytes it had handed to the connection.
 *
 * <pre>
 * java -cp affix-bench.jar dev.affix.bench.TusClientMain ENDPOINT FILE CHUNK_MIB [--die-at 0.6]
 * java -cp affix-bench.jar dev.affix.bench.TusClientMain --resume UPLOAD_URL FILE CHUNK_MIB
 * </pre>
 * It prints {@code url URL}, then {@code sent BYTES} before dying, or {@code resumed_at OFFSET}; when
 * the upload is complete, {@code signed_id ID} and {@code seconds S}, the time from the first request
 * to the answer to the last (without the JVM's start).
 */
public final class TusClientMain {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TusClientMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean resume = args[0].equals("--resume");
        int at = resume ? 1 : 0;
        URI target = URI.create(args[at]);
        Path file = Path.of(args[at + 1]);
        long chunk = Long.parseLong(args[at + 2]) << 20;
        double dieAt = args.length > at + 4 && args[at + 3].equals("--die-at") ? Double.parseDouble(args[at + 4]) : 2;
        long start = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            URI upload;
            long offset;
            if (resume) {
                upload = target;
                offset = offset(upload);
                System.out.println("resumed_at " + offset);
            } else {
                upload = create(target, size, file.getFileName().toString());
                offset = 0;
                System.out.println("url " + upload);
            }
            String signedId = null;
            while (offset < size) {
                long length = Math.min(chunk, size - offset);
                long dieAfter = (long) (size * dieAt) - offset;
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(upload)
                        .header("Tus-Resumable", "1.0.0").header("Upload-Offset", Long.toString(offset))
                        .header("Content-Type", "application/offset+octet-stream")
                        .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(new SliceSupplier(channel, offset, length, dieAfter)), length))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 204) {
                    throw new IllegalStateException("PATCH at " + offset + " answered " + response.statusCode());
                }
                offset = Long.parseLong(response.headers().firstValue("Upload-Offset").orElseThrow());
                signedId = response.headers().firstValue("Affix-Signed-Id").orElse(null);
            }
            System.out.println("signed_id " + signedId);
            System.out.printf(Locale.ROOT, "seconds %.3f%n", (System.nanoTime() - start) / 1e9);
        }
    }

    private static URI create(URI endpoint, long size, String filename) throws IOException, InterruptedException {
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(endpoint).header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Long.toString(size))
                .header("Upload-Metadata", "filename " + Base64.getEncoder().encodeToString(filename.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creation answered " + response.statusCode());
        }
        return endpoint.resolve(response.headers().firstValue("Location").orElseThrow());
    }

    private static long offset(URI upload) throws IOException, InterruptedException {
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(upload).header("Tus-Resumable", "1.0.0")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        return Long.parseLong(response.headers().firstValue("Upload-Offset").orElseThrow());
    }

    /** One chunk of the file, read from the channel as the connection takes it; it halts the process at the dying point. */
    private record SliceSupplier(FileChannel channel, long offset, long length, long dieAfter) implements Supplier<InputStream> {
        @Override
        public InputStream get() {
            return new InputStream() {
                private long position;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] buffer, int at, int count) throws IOException {
                    if (position == length) {
                        return -1;
                    }
                    if (position >= dieAfter && dieAfter >= 0) {
                        System.out.println("sent " + (offset + position));
                        System.out.flush();
                        Runtime.getRuntime().halt(3);
                    }
                    int n = channel.read(ByteBuffer.wrap(buffer, at, (int) Math.min(count, length - position)), offset + position);
                    position += n;
                    return n;
                }
            };
        }
    }
}
